export { FileSystemObjectStore, verifying } from "./file-system.ts";
export { type ObjectStoreEnvironment, ObjectStoreUrlError, objectStoreFromEnvironment } from "./from-url.ts";
export { S3ObjectStore, type S3ObjectStoreOptions } from "./s3.ts";
export * from "./store.ts";
