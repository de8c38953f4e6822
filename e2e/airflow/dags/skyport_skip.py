"""A DAG with skipped tasks: one skipped by a ShortCircuitOperator (the scheduler marks it, no
task event), one that skips itself by raising AirflowSkipException (a task event)."""

from airflow.exceptions import AirflowSkipException
from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.python import PythonOperator, ShortCircuitOperator
from airflow.sdk import DAG

from skyport_example import example_dag_args


def _skip_myself() -> None:
    raise AirflowSkipException("nothing new to process")


with DAG(**example_dag_args("skyport_skip")) as dag:
    gate = ShortCircuitOperator(task_id="gate", python_callable=lambda: False)
    gated = BashOperator(task_id="gated", bash_command="echo never runs")
    gate >> gated
    PythonOperator(task_id="self_skip", python_callable=_skip_myself)
