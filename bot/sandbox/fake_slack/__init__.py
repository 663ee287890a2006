"""A fake Slack Web API on 127.0.0.1 for tests, benchmarks and the sandbox page."""
