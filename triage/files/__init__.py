"""Files in and out: batch scoring of CSV/JSONL/Parquet (one process, a pool or a Dask cluster),
reading exported text files in any encoding, safe spreadsheet exports, crash-safe writes."""
