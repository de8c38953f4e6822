// KubernetesObjectApi that sends and receives objects as plain JSON, over reused connections.
//
// The stock client maps every object through its generated models on the way out, which drops
// any field the model does not name the way the API does: a LimitRange's `default` is modelled
// as `_default`, so `{ default: {...} }` silently never reaches the server (found by the
// applier test comparing what the stand-in stored with what was rendered). Server-side apply
// must send exactly the desired object, so this client opts out of model mapping altogether:
// "KubernetesObject" makes the client's serializer type only `metadata` and pass everything
// else through untouched, requests and responses alike.
import {
  createConfiguration,
  type KubeConfig,
  KubernetesObjectApi,
  ServerConfiguration,
} from "@kubernetes/client-node";
import { ConnectionReuse } from "./connection-reuse.ts";

export class PlainObjectApi extends KubernetesObjectApi {
  private connections: ConnectionReuse | undefined;

  static forConfig(kubeConfig: KubeConfig): PlainObjectApi {
    const cluster = kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error("the kubeconfig has no current cluster");
    const connections = new ConnectionReuse();
    // What KubeConfig.makeApiClient builds, plus the connection-reuse middleware.
    const client = new PlainObjectApi(
      createConfiguration({
        baseServer: new ServerConfiguration(cluster.server, {}),
        authMethods: { default: kubeConfig },
        promiseMiddleware: [connections],
      }),
    );
    client.connections = connections;
    client.setDefaultNamespace(kubeConfig);
    return client;
  }

  protected override async getSerializationType(): Promise<string> {
    return "KubernetesObject";
  }

  /** Closes kept-alive connections. */
  close(): void {
    this.connections?.close();
  }
}
