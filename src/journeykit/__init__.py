"""Simulator, benchmark and test helpers for the journey dbt project."""
