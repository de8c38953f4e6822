"""Sixteen independent five-second tasks on the default queue: a workload whose queue wait is
set by how many tasks the executor lets run at once (tests: e2e/tests/tuning-airflow.test.ts)."""

import time

try:
    from airflow.sdk import dag, task
except ImportError:  # Airflow 2
    from airflow.decorators import dag, task


@dag(dag_id="skyport_fanout", schedule=None, catchup=False, max_active_runs=16, tags=["skyport"])
def skyport_fanout():
    @task(queue="default")
    def nap(part):
        time.sleep(5)
        return part

    for part in range(16):
        nap.override(task_id=f"nap_{part}")(part)


skyport_fanout()
