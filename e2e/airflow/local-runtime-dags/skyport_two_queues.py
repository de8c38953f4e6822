"""One task on each worker queue of a local runtime: the run succeeds only if both queues'
Celery workers pick up their task (tests: e2e/tests/local-runtime.test.ts)."""

import socket

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
    def on_second(upstream):
        return f"after {upstream}"

    on_second(on_default())


skyport_two_queues()
