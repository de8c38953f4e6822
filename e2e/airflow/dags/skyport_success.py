"""A DAG that succeeds: a Bash task, a Python task and a task group (task ids with a dot)."""

from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.operators.python import PythonOperator
from airflow.sdk import DAG, TaskGroup

from skyport_example import example_dag_args


def _transform() -> int:
    return sum(range(10))


with DAG(**example_dag_args("skyport_success")) as dag:
    extract = BashOperator(task_id="extract", bash_command="echo extracting")
    transform = PythonOperator(task_id="transform", python_callable=_transform)
    with TaskGroup(group_id="load") as load:
        # Inside the group the task id becomes "load.orders": a task id with a dot.
        BashOperator(task_id="orders", bash_command="echo loading orders")
    extract >> transform >> load
