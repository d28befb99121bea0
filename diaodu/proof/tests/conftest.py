"""What the proof prints at the end of a run: how many fuzz cases ran (issue 10 asks for it)
and where the kills of the import landed."""

from diaodu.proof.faults import REPORT
from diaodu.proof.fuzz import cases_run


def pytest_terminal_summary(terminalreporter) -> None:
    if cases_run():
        terminalreporter.write_line(f"fuzz: cases {cases_run()}")
    for line in REPORT:  # where each SIGKILL landed and what the database held after
        terminalreporter.write_line(line)
