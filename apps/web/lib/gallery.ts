// The teaching gallery: small pods that each show one behaviour of the pod model on a real node.
// Every example uses only `image: busybox` (built locally from Debian's busybox-static).

export interface GalleryExample {
  id: string;
  title: string;
  teaches: string;
  yaml: string;
}

export const GALLERY: GalleryExample[] = [
  {
    id: "sidecar-localhost",
    title: "Sidecar sharing localhost",
    teaches: "Two containers, one network namespace: the sidecar reaches the web server on 127.0.0.1 without any Service.",
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: sidecar-demo
  labels:
    app: sidecar-demo
spec:
  containers:
  - name: web
    image: busybox
    command: ["sh", "-c", "mkdir -p /www && echo hello from web > /www/index.html && httpd -f -p 8080 -h /www"]
    ports:
    - containerPort: 8080
  - name: poller
    image: busybox
    command: ["sh", "-c", "while true; do wget -q -O - http://127.0.0.1:8080/ || echo not yet; sleep 5; done"]
`,
  },
  {
    id: "crash-loop",
    title: "Crash loop",
    teaches: "A container that exits with code 1 every few seconds: restarts, then CrashLoopBackOff with waits of 10 s, 20 s, 40 s …",
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: crashloop-demo
spec:
  restartPolicy: Always
  containers:
  - name: app
    image: busybox
    command: ["sh", "-c", "echo starting; sleep 3; echo something broke >&2; exit 1"]
`,
  },
  {
    id: "oom-kill",
    title: "OOM kill",
    teaches: "A 32Mi memory limit and a process that wants more: the kernel's OOM killer ends it (reason OOMKilled, exit code 137).",
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: oom-demo
spec:
  restartPolicy: Never
  containers:
  - name: hog
    image: busybox
    # Reading /dev/zero through tail keeps growing one line in memory until the limit is hit.
    command: ["sh", "-c", "echo filling memory; tail /dev/zero"]
    resources:
      requests:
        memory: 32Mi
      limits:
        memory: 32Mi
`,
  },
  {
    id: "init-containers",
    title: "Init containers",
    teaches:
      "Init containers run one after another, each to completion, before the app starts; STATUS shows Init:0/2, Init:1/2, then Running.",
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: init-demo
spec:
  initContainers:
  - name: fetch-config
    image: busybox
    command: ["sh", "-c", "echo fetching config; sleep 4; echo 'greeting=hello' > /work/config"]
    volumeMounts:
    - name: work
      mountPath: /work
  - name: migrate
    image: busybox
    command: ["sh", "-c", "echo migrating; sleep 4"]
  containers:
  - name: app
    image: busybox
    command: ["sh", "-c", "cat /work/config; sleep 3600"]
    volumeMounts:
    - name: work
      mountPath: /work
  volumes:
  - name: work
    emptyDir: {}
`,
  },
  {
    id: "share-process-namespace",
    title: "Shared process namespace, zombies reaped by pause",
    teaches:
      "With shareProcessNamespace the containers see each other's processes, and pause is PID 1: orphaned children are re-parented to it and reaped.",
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: shared-pid-demo
spec:
  shareProcessNamespace: true
  containers:
  - name: parent
    image: busybox
    # Starts a child in the background and exits its shell right away, every 10 s: the orphaned
    # children are adopted by PID 1 (pause), which reaps them when they exit.
    command: ["sh", "-c", "while true; do sh -c 'sleep 2 & exit 0'; sleep 10; done"]
  - name: observer
    image: busybox
    command: ["sh", "-c", "while true; do ps -o pid,ppid,stat,args; sleep 10; done"]
`,
  },
  {
    id: "prestop-grace",
    title: "preStop hook with a grace period",
    teaches:
      "On delete, the preStop hook runs first, then SIGTERM; the 15 s grace period counts from the start, hook included, then SIGKILL.",
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: prestop-demo
spec:
  terminationGracePeriodSeconds: 15
  containers:
  - name: app
    image: busybox
    # PID 1 of its own pid namespace: without a TERM handler it would ignore SIGTERM. This one says goodbye.
    command: ["sh", "-c", "trap 'echo got SIGTERM, finishing; sleep 2; exit 0' TERM; echo running; while true; do sleep 1; done"]
    lifecycle:
      preStop:
        exec:
          command: ["sh", "-c", "echo preStop: draining >> /proc/1/fd/1; sleep 5"]
`,
  },
  {
    id: "flapping-readiness",
    title: "Flapping readiness probe",
    teaches:
      "The readiness probe passes for 20 s and fails for 20 s: Ready and ContainersReady flip back and forth while the container keeps running.",
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: readiness-demo
spec:
  containers:
  - name: app
    image: busybox
    command: ["sh", "-c", "while true; do touch /tmp/ready; sleep 20; rm -f /tmp/ready; sleep 20; done"]
    readinessProbe:
      exec:
        command: ["test", "-e", "/tmp/ready"]
      periodSeconds: 3
      failureThreshold: 1
`,
  },
  {
    id: "http-probes",
    title: "HTTP and TCP probes from the node",
    teaches:
      "kubelet probes from the node to the pod IP: httpGet on a named port passes while /healthz exists (a 404 fails it, Ready flips), tcpSocket keeps the container live as long as the port accepts.",
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: http-probes-demo
spec:
  containers:
  - name: web
    image: busybox
    command: ["sh", "-c", "mkdir -p /www && echo ok > /www/healthz && httpd -p 8080 -h /www && while true; do sleep 30; rm /www/healthz; sleep 15; echo ok > /www/healthz; done"]
    ports:
    - name: http
      containerPort: 8080
    readinessProbe:
      httpGet:
        path: /healthz
        port: http
      periodSeconds: 3
      failureThreshold: 1
    livenessProbe:
      tcpSocket:
        port: http
      periodSeconds: 5
`,
  },
  {
    id: "host-port",
    title: "hostPort: the pod from the host",
    teaches:
      "A containerPort with a hostPort: the CNI portmap plugin DNATs the host's port 18080 to the pod IP, so curl http://127.0.0.1:18080/ on the host (and at the host's own address) reaches the pod without any Service.",
    yaml: `apiVersion: v1
kind: Pod
metadata:
  name: host-port-demo
spec:
  containers:
  - name: web
    image: busybox
    command: ["sh", "-c", "mkdir -p /www && echo hello from $(hostname) > /www/index.html && exec httpd -f -p 8080 -h /www"]
    ports:
    - name: http
      containerPort: 8080
      hostPort: 18080
`,
  },
];
