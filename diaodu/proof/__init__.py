"""Proof under load, faults and bad input (issue 10): the fuzz harness, the access matrix's
world, the fault helpers, the load run. The tests are in tests/; docs/deploy.md is the rest."""
