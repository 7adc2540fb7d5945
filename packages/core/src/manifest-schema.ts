// The fields a v1 Pod may carry, as the API server's strict decoder knows them. Used to reject a
// misspelt field ("imagee") the way `kubectl apply` does instead of silently dropping it.
// `true` = a leaf or an object whose inside we do not check (free-form maps, rarely used sources).

export type FieldSchema = true | { fields: Record<string, FieldSchema>; list?: boolean };

const obj = (fields: Record<string, FieldSchema>, list = false): FieldSchema => ({ fields, list });
const leaf = (...names: string[]): Record<string, FieldSchema> => Object.fromEntries(names.map((n) => [n, true]));

const exec = obj(leaf("command"));
const handler = obj({ exec, ...leaf("httpGet", "tcpSocket", "sleep") });
const probe = obj({
  exec,
  ...leaf("httpGet", "tcpSocket", "grpc", "initialDelaySeconds", "timeoutSeconds", "periodSeconds",
    "successThreshold", "failureThreshold", "terminationGracePeriodSeconds"),
});

const container = obj({
  ...leaf("name", "image", "command", "args", "workingDir", "envFrom", "resizePolicy", "restartPolicy",
    "restartPolicyRules", "volumeDevices", "terminationMessagePath", "terminationMessagePolicy",
    "imagePullPolicy", "securityContext", "stdin", "stdinOnce", "tty"),
  ports: obj(leaf("name", "hostPort", "containerPort", "protocol", "hostIP"), true),
  env: obj(leaf("name", "value", "valueFrom"), true),
  resources: obj(leaf("limits", "requests", "claims")),
  volumeMounts: obj(leaf("name", "readOnly", "recursiveReadOnly", "mountPath", "subPath", "mountPropagation", "subPathExpr"), true),
  livenessProbe: probe,
  readinessProbe: probe,
  startupProbe: probe,
  lifecycle: obj({ postStart: handler, preStop: handler, stopSignal: true }),
}, true);

const volume = obj({
  ...leaf("name", "hostPath", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi",
    "glusterfs", "persistentVolumeClaim", "rbd", "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI", "fc",
    "azureFile", "configMap", "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "projected",
    "portworxVolume", "scaleIO", "storageos", "csi", "ephemeral", "image"),
  emptyDir: obj(leaf("medium", "sizeLimit")),
}, true);

export const podSchema: FieldSchema = obj({
  ...leaf("apiVersion", "kind", "status"),
  metadata: obj(leaf("name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation",
    "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations",
    "ownerReferences", "finalizers", "managedFields")),
  spec: obj({
    ...leaf("ephemeralContainers", "restartPolicy", "terminationGracePeriodSeconds", "activeDeadlineSeconds",
      "dnsPolicy", "nodeSelector", "serviceAccountName", "serviceAccount", "automountServiceAccountToken",
      "nodeName", "hostNetwork", "hostPID", "hostIPC", "shareProcessNamespace", "securityContext",
      "imagePullSecrets", "hostname", "subdomain", "affinity", "schedulerName", "tolerations", "hostAliases",
      "priorityClassName", "priority", "dnsConfig", "readinessGates", "runtimeClassName", "enableServiceLinks",
      "preemptionPolicy", "overhead", "topologySpreadConstraints", "setHostnameAsFQDN", "os", "hostUsers",
      "schedulingGates", "resourceClaims", "resources"),
    volumes: volume,
    initContainers: container,
    containers: container,
  }),
});
