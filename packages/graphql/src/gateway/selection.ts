import { collectSubFields } from '@graphql-tools/utils';
import {
  type FieldNode,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  getNamedType,
  Kind,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';

/** What a client asked of a connection, read through aliases, fragments and @skip/@include. */
export interface ConnectionSelection {
  wantsTotalCount: boolean;
  /** Everything selected on the node type, from `edges { node }` and `nodes`. */
  nodeSelections: SelectionNode[];
}

export function readConnectionSelection(info: GraphQLResolveInfo): ConnectionSelection {
  const connectionType = getNamedType(info.returnType) as GraphQLObjectType;
  const collect = (type: GraphQLObjectType, nodes: FieldNode[]) =>
    collectSubFields(info.schema, info.fragments, info.variableValues as never, type, nodes).fields;
  const selection: ConnectionSelection = { wantsTotalCount: false, nodeSelections: [] };
  for (const fieldNodes of collect(connectionType, [...info.fieldNodes]).values()) {
    const name = fieldNodes[0]!.name.value;
    if (name === 'totalCount') selection.wantsTotalCount = true;
    if (name === 'nodes') selection.nodeSelections.push(...selectionsOf(fieldNodes));
    if (name === 'edges') {
      const edgeType = getNamedType(connectionType.getFields().edges!.type) as GraphQLObjectType;
      for (const edgeFields of collect(edgeType, fieldNodes).values()) {
        if (edgeFields[0]!.name.value === 'node') selection.nodeSelections.push(...selectionsOf(edgeFields));
      }
    }
  }
  return selection;
}

function selectionsOf(fieldNodes: FieldNode[]): SelectionNode[] {
  return fieldNodes.flatMap((node) => node.selectionSet?.selections ?? []);
}

export function field(name: string, alias?: string, selections?: SelectionNode[]): FieldNode {
  return {
    kind: Kind.FIELD,
    name: { kind: Kind.NAME, value: name },
    ...(alias ? { alias: { kind: Kind.NAME, value: alias } } : {}),
    ...(selections ? { selectionSet: selectionSet(selections) } : {}),
  };
}

export function selectionSet(selections: SelectionNode[]): SelectionSetNode {
  return { kind: Kind.SELECTION_SET, selections };
}
