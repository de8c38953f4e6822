// `npm run kube:install`: builds (or confirms) the cached Kubernetes control plane for tests
// (kube-apiserver, kube-controller-manager, etcd, kwok). CI runs it before `npm test`.
import { ensureKubeBinaries } from "./kube.ts";

process.stderr.write(`[kube] ${await ensureKubeBinaries()}\n`);
