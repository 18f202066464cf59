/**
 * Compile-time proof that the response schemas (./responses.ts) describe exactly the DTO types
 * (lib/api/dto.ts): each pair must be assignable both ways, so a field added, dropped, renamed or
 * retyped on either side fails `tsc --noEmit` on the line naming the pair. Nothing here runs.
 */
import type { z } from 'zod';
import type * as Dto from '@/lib/api/dto';
import type * as S from './responses';
import type * as Staged from './staged';

/** true when A and B accept the same values (tuples stop distribution over unions). */
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/**
 * Every optional field made required, at every depth: an optional field present on one side only
 * passes `Mutual` (structural typing ignores it) but not once it is required.
 */
type DeepRequired<T> = T extends readonly (infer U)[] ? DeepRequired<U>[] : T extends object ? { [K in keyof T]-?: DeepRequired<Exclude<T[K], undefined>> } : T;
type Same<A, B> = Mutual<A, B> extends true ? Mutual<DeepRequired<A>, DeepRequired<B>> : false;
type Check<Name extends string, A, B> = Same<A, B> extends true ? Name : { drift: Name; schema: A; dto: B };
type Ok<T extends string> = T;

export type ResponseSchemasMatchDtos = [
  Ok<Check<'CacheStatus', z.infer<typeof S.CacheStatusSchema>, Dto.CacheStatus>>,
  Ok<Check<'ClustersResponse', z.infer<typeof S.ClustersResponseSchema>, Dto.ClustersResponse>>,
  Ok<Check<'Counts', z.infer<typeof S.CountsSchema>, Dto.Counts>>,
  Ok<Check<'Strategy', z.infer<typeof S.StrategySchema>, Dto.StrategyDTO>>,
  Ok<Check<'Reason', z.infer<typeof S.ReasonSchema>, Dto.ReasonDTO>>,
  Ok<Check<'RolloutSummary', z.infer<typeof S.RolloutSummarySchema>, Dto.RolloutSummary>>,
  Ok<Check<'AgentSummary', z.infer<typeof S.AgentSummarySchema>, Dto.AgentSummary>>,
  Ok<Check<'Cause', z.infer<typeof S.CauseSchema>, Dto.CauseDTO>>,
  Ok<Check<'AgentCause', z.infer<typeof S.AgentCauseSchema>, Dto.AgentCauseDTO>>,
  Ok<Check<'NodeTable', z.infer<typeof S.NodeTableSchema>, Dto.NodeTable>>,
  Ok<Check<'CoverageResponse', z.infer<typeof S.CoverageResponseSchema>, Dto.CoverageResponse>>,
  Ok<Check<'Pod', z.infer<typeof S.PodSchema>, Dto.PodDTO>>,
  Ok<Check<'PodBrief', z.infer<typeof S.PodBriefSchema>, Dto.PodBriefDTO>>,
  Ok<Check<'Cell', z.infer<typeof S.CellSchema>, Dto.CellDTO>>,
  Ok<Check<'GridCell', z.infer<typeof S.GridCellSchema>, Dto.GridCellDTO>>,
  Ok<Check<'Revision', z.infer<typeof S.RevisionSchema>, Dto.RevisionDTO>>,
  Ok<Check<'RolloutDetail', z.infer<typeof S.RolloutDetailSchema>, Dto.RolloutDetail>>,
  Ok<Check<'DaemonSetDetailResponse', z.infer<typeof S.DaemonSetDetailResponseSchema>, Dto.DaemonSetDetailResponse>>,
  Ok<Check<'NodeAgent', z.infer<typeof S.NodeAgentSchema>, Dto.NodeAgentDTO>>,
  Ok<Check<'Event', z.infer<typeof S.EventSchema>, Dto.EventDTO>>,
  Ok<Check<'NodeDetailResponse', z.infer<typeof S.NodeDetailResponseSchema>, Dto.NodeDetailResponse>>,
  Ok<Check<'PermissionsResponse', z.infer<typeof S.PermissionsResponseSchema>, Dto.PermissionsResponse>>,
  Ok<Check<'ActionResponse', z.infer<typeof S.ActionResponseSchema>, Dto.ActionResponse>>,
  Ok<Check<'NodeChangeSpec', z.infer<typeof S.NodeChangeSpecSchema>, Dto.NodeChangeSpecDTO>>,
  Ok<Check<'NodeChangePreviewResponse', z.infer<typeof S.NodeChangePreviewResponseSchema>, Dto.NodeChangePreviewResponse>>,
  Ok<Check<'NodeChangeResponse', z.infer<typeof S.NodeChangeResponseSchema>, Dto.NodeChangeResponse>>,
  Ok<Check<'ErrorResponse', z.infer<typeof S.ErrorResponseSchema>, Dto.ErrorResponse>>,
  Ok<Check<'VersionEvent', z.infer<typeof S.VersionEventSchema>, Dto.VersionEvent>>,
  Ok<Check<'Toleration', z.infer<typeof S.TolerationSchema>, Dto.TolerationDTO>>,
  Ok<Check<'AgentSettings', z.infer<typeof S.AgentSettingsSchema>, Dto.AgentSettingsDTO>>,
  Ok<Check<'AgentPreviewResponse', z.infer<typeof S.AgentPreviewResponseSchema>, Dto.AgentPreviewResponse>>,
  Ok<Check<'StagedPlan', z.infer<typeof Staged.StagedPlanSchema>, Dto.StagedPlanDTO>>,
  Ok<Check<'StagedSummary', z.infer<typeof Staged.StagedSummarySchema>, Dto.StagedSummaryDTO>>,
  Ok<Check<'StagedView', z.infer<typeof Staged.StagedViewSchema>, Dto.StagedViewDTO>>,
  Ok<Check<'StagedResponse', z.infer<typeof Staged.StagedResponseSchema>, Dto.StagedResponse>>,
  Ok<Check<'LiveViewsEvent', z.infer<typeof S.LiveViewsEventSchema>, Dto.LiveViewsEvent>>,
  Ok<Check<'RowsDelta', z.infer<typeof S.RowsDeltaSchema>, Dto.RowsDelta>>,
  Ok<Check<'ViewDelta', z.infer<typeof S.ViewDeltaSchema>, Dto.ViewDelta>>,
  Ok<Check<'ViewSnapshotEvent', z.infer<typeof S.ViewSnapshotEventSchema>, Dto.ViewSnapshotEvent>>,
  Ok<Check<'ViewResetEvent', z.infer<typeof S.ViewResetEventSchema>, Dto.ViewResetEvent>>,
  Ok<Check<'LogSearchEvent', z.infer<typeof S.LogSearchEventSchema>, Dto.LogSearchEvent>>,
];
