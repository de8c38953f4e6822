"""A DAG whose task fails on its first try and succeeds on the retry."""

from datetime import timedelta

from airflow.providers.standard.operators.python import PythonOperator
from airflow.sdk import DAG

from skyport_example import example_dag_args


def _flaky(ti) -> str:
    # Fails the first try only, so the run shows two tries of one task: FAIL, then COMPLETE.
    if ti.try_number == 1:
        raise RuntimeError("flaky upstream: first try fails on purpose")
    return f"succeeded on try {ti.try_number}"


with DAG(**example_dag_args("skyport_retry")) as dag:
    PythonOperator(
        task_id="flaky",
        python_callable=_flaky,
        retries=1,
        retry_delay=timedelta(seconds=1),
    )
