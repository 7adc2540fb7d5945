// Loads the CRI v1 protocol definition once per process.
//
// The .proto is not in the repository: scripts/setup-node.sh copies it from the k8s.io/cri-api
// Go module into packages/runtime/proto/api.proto. PODSCOPE_CRI_PROTO overrides the location.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { CriProtoMissingError } from "./errors";

export function criProtoPath(): string {
  return process.env.PODSCOPE_CRI_PROTO ?? fileURLToPath(new URL("../../proto/api.proto", import.meta.url));
}

/** Options chosen once for every message: see types.ts for what they mean for the shapes. */
export const PROTO_LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: Number,
  enums: String,
  bytes: Buffer,
  defaults: true,
  arrays: true,
  objects: true,
  oneofs: false,
};

export interface CriServices {
  RuntimeService: grpc.ServiceClientConstructor;
  ImageService: grpc.ServiceClientConstructor;
}

let cached: { path: string; services: CriServices } | undefined;

export function loadCriServices(): CriServices {
  const path = criProtoPath();
  if (cached?.path === path) return cached.services;
  if (!existsSync(path)) throw new CriProtoMissingError(path);
  const definition = protoLoader.loadSync(path, PROTO_LOADER_OPTIONS);
  const pkg = grpc.loadPackageDefinition(definition);
  const RuntimeService = serviceAt(pkg, "runtime.v1.RuntimeService");
  const ImageService = serviceAt(pkg, "runtime.v1.ImageService");
  if (!RuntimeService || !ImageService) {
    throw new Error(`${path} does not define runtime.v1.RuntimeService and ImageService: is it the CRI api.proto?`);
  }
  const services: CriServices = { RuntimeService, ImageService };
  cached = { path, services };
  return services;
}

type GrpcNode = grpc.GrpcObject | grpc.ServiceClientConstructor | grpc.ProtobufTypeDefinition;

/** The service client at a dotted name ("runtime.v1.RuntimeService") of a loaded package, if it is one. */
function serviceAt(root: grpc.GrpcObject, name: string): grpc.ServiceClientConstructor | undefined {
  let node: GrpcNode | undefined = root;
  for (const part of name.split(".")) {
    // Only a namespace (neither a service nor a message type, which carry `format`) has children.
    if (node === undefined || typeof node === "function" || "format" in node) return undefined;
    node = node[part];
  }
  return typeof node === "function" ? node : undefined;
}
