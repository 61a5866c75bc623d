"""Prefect flows and the `dateline` command line: orchestration only."""
