// The chart's templates. They render, from values.yaml and a release named like the caixa, exactly
// the objects `render --native` prints; only `{{ .Values.* }}`, `{{ .Release.Name }}`, `quote` and
// `toYaml … | nindent N` are used.

const labels = (indent: number) =>
  [
    'app.kubernetes.io/name: {{ .Values.nome }}',
    'app.kubernetes.io/instance: {{ .Release.Name }}',
    'app.kubernetes.io/version: {{ .Values.versao | quote }}',
    'caixa.engenho.dev/kind: Servico',
  ]
    .map((line) => `${' '.repeat(indent)}${line}`)
    .join('\n');

const selector = (indent: number) =>
  ['app.kubernetes.io/name: {{ .Values.nome }}', 'app.kubernetes.io/instance: {{ .Release.Name }}']
    .map((line) => `${' '.repeat(indent)}${line}`)
    .join('\n');

export const configMapTemplate = `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-caixa
  labels:
${labels(4)}
data:
  caixa.yaml: |
    {{- toYaml .Values.caixa | nindent 4 }}
`;

export const deploymentTemplate = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
  labels:
${labels(4)}
spec:
  replicas: {{ .Values.replicas }}
  selector:
    matchLabels:
${selector(6)}
  template:
    metadata:
      labels:
${labels(8)}
    spec:
      containers:
        - name: caixa
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          ports:
            - name: http
              containerPort: {{ .Values.service.port }}
              protocol: TCP
          env:
            {{- toYaml .Values.env | nindent 12 }}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
          volumeMounts:
            - name: caixa
              mountPath: /etc/caixa
              readOnly: true
      volumes:
        - name: caixa
          configMap:
            name: {{ .Release.Name }}-caixa
`;

export const serviceTemplate = `apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}
  labels:
${labels(4)}
spec:
  type: ClusterIP
  selector:
${selector(4)}
  ports:
    - name: http
      port: {{ .Values.service.port }}
      targetPort: http
      protocol: TCP
`;
