"""What every Skyport example DAG shares: a fixed start date, no schedule, no catch-up and the
e2e tag, so each example only says what its tasks do."""

from datetime import datetime


def example_dag_args(dag_id: str) -> dict:
    """Keyword arguments for the example DAG `dag_id` (built in the DAG's own file, so its
    file location stays that file)."""
    return {
        "dag_id": dag_id,
        "start_date": datetime(2026, 1, 1),
        "schedule": None,
        "catchup": False,
        "tags": ["skyport-e2e"],
    }
