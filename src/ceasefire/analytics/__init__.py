"""Analytics over stored incidents: published aggregates (later: holding status, hotspots)."""
