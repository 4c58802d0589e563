"""``ceasefire bulk``: code a corpus on Dask into resumable Parquet or JSON Lines partitions."""
