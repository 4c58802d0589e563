"""The audit log: the append-only hash chain every write goes through, and its verification."""
