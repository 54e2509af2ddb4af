export { createDepartmentService, type DepartmentService } from './department-service.js';
export type {
  AddInspectionItemInput,
  CreateDepartmentInput,
  DepartmentFilter,
  DissolveDepartmentInput,
  InspectionItemFilter,
  RenameDepartmentInput,
  RetireInspectionItemInput,
  RetireRouteInput,
  RouteAreaLevel,
  RouteExplanation,
  RouteFilter,
  RouteForInput,
  SetRouteInput,
} from './department-types.js';
