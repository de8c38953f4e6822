// Fresh secret material for a new deployment. The caller stores it (encrypted) and passes it to
// renderDeployment on every reconcile: regenerating a Fernet key would make every stored
// connection and variable unreadable.
import { randomBytes } from "node:crypto";
import type { RuntimeSecrets } from "./render/types.ts";

export function generateRuntimeSecrets(): Omit<RuntimeSecrets, "metadataDbUrl"> {
  return {
    // Same format as cryptography.fernet.Fernet.generate_key(): 32 bytes, URL-safe base64.
    fernetKey: randomBytes(32).toString("base64url").concat("="),
    webserverSecretKey: randomBytes(32).toString("base64url"),
    jwtSecret: randomBytes(32).toString("base64url"),
    // URL-safe, so it can sit in redis://:<password>@… untouched.
    brokerPassword: randomBytes(24).toString("base64url"),
  };
}
