"""Speed benchmarks: scripts that print figures, never timed assertions in tests.

`python -m benchmarks [--quick]` (`make bench`) prints every figure in one run;
`python -m benchmarks.concurrency` runs N concurrent browser sessions against a real server.
"""
