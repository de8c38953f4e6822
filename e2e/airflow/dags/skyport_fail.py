"""A DAG that fails for good: its task raises on every try."""

from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.python import PythonOperator
from airflow.sdk import DAG

from skyport_example import example_dag_args


def _broken() -> None:
    raise ValueError("orders table is missing column 'amount'")


with DAG(**example_dag_args("skyport_fail")) as dag:
    prepare = BashOperator(task_id="prepare", bash_command="echo preparing")
    broken = PythonOperator(task_id="broken", python_callable=_broken, retries=0)
    prepare >> broken
