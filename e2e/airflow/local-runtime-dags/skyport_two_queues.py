"""Tasks on both worker queues of a local runtime: the run succeeds only if both queues' Celery
workers pick up their tasks, and the three slow tasks on `second` (one task per worker there)
make the autoscaler start a second worker (tests: e2e/tests/local-runtime.test.ts)."""

import socket
import time

try:
    from airflow.sdk import dag, task
except ImportError:  # Airflow 2
    from airflow.decorators import dag, task


@dag(dag_id="skyport_two_queues", schedule=None, catchup=False, tags=["skyport"])
def skyport_two_queues():
    @task(queue="default")
    def on_default():
        return socket.gethostname()

    @task(queue="second")
    def on_second(upstream, part):
        time.sleep(20)
        return f"part {part} after {upstream}"

    first = on_default()
    for part in range(3):
        on_second.override(task_id=f"on_second_{part}")(first, part)


skyport_two_queues()
