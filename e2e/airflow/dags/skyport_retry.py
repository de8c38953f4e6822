"""A DAG whose task fails on its first try and succeeds on the retry."""

from datetime import datetime, timedelta

from airflow.providers.standard.operators.python import PythonOperator
from airflow.sdk import DAG


def _flaky(ti) -> str:
    # Fails the first try only, so the run shows two tries of one task: FAIL, then COMPLETE.
    if ti.try_number == 1:
        raise RuntimeError("flaky upstream: first try fails on purpose")
    return f"succeeded on try {ti.try_number}"


with DAG(
    dag_id="skyport_retry",
    start_date=datetime(2026, 1, 1),
    schedule=None,
    catchup=False,
    tags=["skyport-e2e"],
) as dag:
    PythonOperator(
        task_id="flaky",
        python_callable=_flaky,
        retries=1,
        retry_delay=timedelta(seconds=1),
    )
