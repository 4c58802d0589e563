"""Analytics over stored incidents: published aggregates, holding status per zone and party,
hotspots and spikes."""
