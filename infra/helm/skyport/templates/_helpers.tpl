{{/* The chart name, overridable with nameOverride. */}}
{{- define "skyport.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The release's base name for every object. Kept to 50 characters so suffixes such as
"-migrate" still fit Kubernetes' 63-character name limit.
*/}}
{{- define "skyport.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 50 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "skyport.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every object. */}}
{{- define "skyport.labels" -}}
helm.sh/chart: {{ include "skyport.chart" . }}
{{ include "skyport.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: skyport
{{- end }}

{{/* Labels that select the release's pods; add app.kubernetes.io/component per workload. */}}
{{- define "skyport.selectorLabels" -}}
app.kubernetes.io/name: {{ include "skyport.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "skyport.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{- define "skyport.webServiceAccountName" -}}
{{- if .Values.web.serviceAccount.create }}
{{- default (printf "%s-web" (include "skyport.fullname" .)) .Values.web.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.web.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "skyport.workerServiceAccountName" -}}
{{- if .Values.worker.serviceAccount.create }}
{{- default (printf "%s-worker" (include "skyport.fullname" .)) .Values.worker.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.worker.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret with DATABASE_URL and REDIS_URL; installing without one fails with this message. */}}
{{- define "skyport.secretName" -}}
{{- required "values.existingSecret is required: create a Secret with DATABASE_URL and REDIS_URL (see infra/README.md) and pass --set existingSecret=<name>" .Values.existingSecret }}
{{- end }}

{{/* SKYPORT_PUBLIC_URL: config.publicUrl, else https://<first ingress host>, else unset. */}}
{{- define "skyport.publicUrl" -}}
{{- if .Values.config.publicUrl }}
{{- .Values.config.publicUrl }}
{{- else if and .Values.ingress.enabled .Values.ingress.hosts }}
{{- printf "https://%s" (first .Values.ingress.hosts).host }}
{{- end }}
{{- end }}

{{/* Environment every Skyport process gets. */}}
{{- define "skyport.commonEnv" -}}
- name: NODE_ENV
  value: production
- name: LOG_LEVEL
  value: {{ .Values.config.logLevel | quote }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "skyport.secretName" . }}
      key: {{ .Values.secretKeys.databaseUrl }}
- name: REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "skyport.secretName" . }}
      key: {{ .Values.secretKeys.redisUrl }}
- name: SKYPORT_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ include "skyport.secretName" . }}
      key: {{ .Values.secretKeys.skyportSecret }}
- name: SKYPORT_KEK
  valueFrom:
    secretKeyRef:
      name: {{ include "skyport.secretName" . }}
      key: {{ .Values.secretKeys.keyEncryptionKeys }}
- name: SKYPORT_BASE_DOMAIN
  value: {{ .Values.config.baseDomain | quote }}
- name: SKYPORT_TRUSTED_PROXIES
  value: {{ .Values.config.trustedProxies | quote }}
{{ include "skyport.writableHomeEnv" . }}
{{- end }}

{{/* npm and tsx write caches and logs under $HOME; the root filesystem is read-only. */}}
{{- define "skyport.writableHomeEnv" -}}
- name: HOME
  value: /tmp
- name: npm_config_cache
  value: /tmp/.npm
- name: npm_config_update_notifier
  value: "false"
{{- end }}

{{- define "skyport.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpSizeLimit }}
{{- end }}

{{/*
Environment from a group's Secret: for each variable in .group.secretKeys with a non-empty
key, a secretKeyRef into .group.secretName (default: existingSecret). Never a value.
Call with (dict "root" $ "group" .Values.<group>).
*/}}
{{- define "skyport.secretEnv" -}}
{{- $secret := .group.secretName | default (include "skyport.secretName" .root) }}
{{- range $variable, $key := .group.secretKeys }}
{{- if $key }}
- name: {{ $variable }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $key }}
{{- end }}
{{- end }}
{{- end }}

{{/* A plain (non-secret) variable, only when its value is set. Call with (list "NAME" value). */}}
{{- define "skyport.optionalEnv" -}}
{{- $value := index . 1 }}
{{- if or $value (eq (toString $value) "0") }}
- name: {{ index . 0 }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- end }}

{{/* Settings both the web and the worker read: object store, audit anchoring, SMTP, Stripe. */}}
{{- define "skyport.integrationsEnv" -}}
{{- include "skyport.optionalEnv" (list "SKYPORT_OBJECT_STORE_URL" .Values.objectStore.url) }}
{{- include "skyport.optionalEnv" (list "SKYPORT_BUNDLE_MAX_MIB" .Values.objectStore.bundleMaxMiB) }}
{{- include "skyport.secretEnv" (dict "root" . "group" .Values.objectStore) }}
{{- if and .Values.audit.siemUrl (not .Values.audit.secretKeys.SKYPORT_AUDIT_SIEM_SECRET) }}
{{- fail "audit.siemUrl needs audit.secretKeys.SKYPORT_AUDIT_SIEM_SECRET: the key of the SIEM's whsec_ secret in audit.secretName" }}
{{- end }}
{{- include "skyport.secretEnv" (dict "root" . "group" .Values.audit) }}
{{- include "skyport.optionalEnv" (list "SKYPORT_AUDIT_TRUSTED_KEYS" .Values.audit.trustedPublicKeys) }}
{{- include "skyport.optionalEnv" (list "SKYPORT_AUDIT_CHECKPOINT_SECONDS" .Values.audit.checkpointSeconds) }}
{{- include "skyport.optionalEnv" (list "SKYPORT_AUDIT_SIEM_URL" .Values.audit.siemUrl) }}
{{- if .Values.smtp.enabled }}
- name: SMTP_FROM
  value: {{ required "smtp.from is required when smtp.enabled is true (e.g. \"Skyport <skyport@example.com>\")" .Values.smtp.from | quote }}
{{- include "skyport.secretEnv" (dict "root" . "group" .Values.smtp) }}
{{- end }}
{{- if .Values.stripe.enabled }}
{{- include "skyport.secretEnv" (dict "root" . "group" .Values.stripe) }}
{{- end }}
{{- end }}

{{/* The worker's provisioning settings: runtime database and the ingest endpoint's range. */}}
{{- define "skyport.provisioningEnv" -}}
{{- include "skyport.secretEnv" (dict "root" . "group" .Values.runtimeDatabase) }}
{{- include "skyport.optionalEnv" (list "RUNTIME_DATABASE_CLUSTER_HOST" .Values.runtimeDatabase.clusterHost) }}
{{- include "skyport.optionalEnv" (list "RUNTIME_DATABASE_CIDR" .Values.runtimeDatabase.cidr) }}
{{- include "skyport.optionalEnv" (list "SKYPORT_PUBLIC_CIDR" .Values.ingest.publicCidr) }}
{{- end }}

{{/* The web's identity settings (Clerk). */}}
{{- define "skyport.clerkEnv" -}}
{{- if .Values.clerk.enabled }}
{{- include "skyport.secretEnv" (dict "root" . "group" .Values.clerk) }}
{{- end }}
{{- end }}
