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
  const pkg = grpc.loadPackageDefinition(definition) as any;
  const v1 = pkg.runtime?.v1;
  if (!v1?.RuntimeService || !v1?.ImageService) {
    throw new Error(`${path} does not define runtime.v1.RuntimeService and ImageService: is it the CRI api.proto?`);
  }
  const services: CriServices = { RuntimeService: v1.RuntimeService, ImageService: v1.ImageService };
  cached = { path, services };
  return services;
}
