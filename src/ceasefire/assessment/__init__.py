"""Assessment: is an incident a violation of an agreement, by whom, and why (rule trace)."""
