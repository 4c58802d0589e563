"""Accounts: users, roles, organisations (delegations) and hashed API tokens."""
