"""The load benchmark (`make bench`): bench/run.py drives the production server command with
Locust; the bench URLconf, middleware and session helper are used under bench settings only."""
