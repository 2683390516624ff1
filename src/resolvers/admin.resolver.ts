/** Mutations: every one requires the API key (authChecker in server/auth.ts). */
import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from "type-graphql";
import { DeleteResult, IngestFileResult, ReparseResult } from "../schema/admin.js";
import { Report } from "../schema/report.js";
import { ApiError, badInput } from "../services/errors.js";
import type { ReportAdmin } from "../services/admin.service.js";
import type { GraphQLContext } from "./context.js";

const admin = (ctx: GraphQLContext): ReportAdmin => {
  if (!ctx.services.admin) throw new ApiError("UNAUTHENTICATED", "this server accepts no mutations");
  return ctx.services.admin;
};

/** base64 without whitespace or stray characters (Buffer.from would silently skip them) */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

@Resolver()
export class AdminResolver {
  @Authorized()
  @Mutation(() => ReparseResult, {
    description: "parse a report again from its stored source file and replace its figures, sections and diagnostics",
  })
  reparseReport(@Ctx() ctx: GraphQLContext, @Arg("id", () => Int) id: number) {
    return admin(ctx).reparse(id);
  }

  @Authorized()
  @Mutation(() => DeleteResult, {
    description:
      "delete a report (and queue its removal from the search index); the previous revision, if any, becomes current",
  })
  deleteReport(@Ctx() ctx: GraphQLContext, @Arg("id", () => Int) id: number) {
    return admin(ctx).delete(id);
  }

  @Authorized()
  @Mutation(() => [IngestFileResult], {
    description:
      "ingest a report file or a folder of them (recursively) from the server's file system, inside the server's ingest roots",
  })
  ingestPath(@Ctx() ctx: GraphQLContext, @Arg("path", () => String) path: string) {
    return admin(ctx).ingestPath(path);
  }

  @Authorized()
  @Mutation(() => IngestFileResult, {
    description: "ingest one uploaded report file (.txt .md .html .htm .pdf .docx), sent as base64",
  })
  ingestUpload(
    @Ctx() ctx: GraphQLContext,
    @Arg("filename", () => String) filename: string,
    @Arg("contentBase64", () => String) contentBase64: string,
  ) {
    if (!BASE64.test(contentBase64)) throw badInput("contentBase64 is not base64");
    return admin(ctx).ingestUpload(filename, Buffer.from(contentBase64, "base64"));
  }
}

@Resolver(() => IngestFileResult)
export class IngestFileResultResolver {
  @FieldResolver(() => Report, { nullable: true })
  report(@Root() r: IngestFileResult, @Ctx() ctx: GraphQLContext) {
    return r.reportId === null ? null : ctx.loaders.report.load(r.reportId);
  }
}

@Resolver(() => ReparseResult)
export class ReparseResultResolver {
  @FieldResolver(() => Report)
  report(@Root() r: ReparseResult, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.report.load(r.reportId);
  }
}
