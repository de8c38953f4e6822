"""A DAG that fails for good: its task raises on every try."""

from datetime import datetime

from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.python import PythonOperator
from airflow.sdk import DAG


def _broken() -> None:
    raise ValueError("orders table is missing column 'amount'")


with DAG(
    dag_id="skyport_fail",
    start_date=datetime(2026, 1, 1),
    schedule=None,
    catchup=False,
    tags=["skyport-e2e"],
) as dag:
    prepare = BashOperator(task_id="prepare", bash_command="echo preparing")
    broken = PythonOperator(task_id="broken", python_callable=_broken, retries=0)
    prepare >> broken
