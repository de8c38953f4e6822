-- Deployment lists page by id within a workspace or an organization (keyset pagination).

-- CreateIndex
CREATE INDEX "Deployment_organizationId_id_idx" ON "Deployment"("organizationId", "id");

-- CreateIndex
CREATE INDEX "Deployment_workspaceId_id_idx" ON "Deployment"("workspaceId", "id");
