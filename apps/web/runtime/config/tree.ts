/** The hierarchy a TREE block shows, built from flat rows with a parent column. */

export interface TreeNode {
  id: string;
  label: string;
  children: TreeNode[];
}

/** Roots are rows without a parent or whose parent is not among the rows (not visible to the user). */
export function buildTree(rows: Record<string, unknown>[], parentColumn: string, labelColumn: string): TreeNode[] {
  const nodes = new Map<string, TreeNode>();
  for (const row of rows)
    nodes.set(String(row.id), { id: String(row.id), label: String(row[labelColumn] ?? row.id), children: [] });
  const roots: TreeNode[] = [];
  for (const row of rows) {
    const node = nodes.get(String(row.id))!;
    const parent = row[parentColumn] ? nodes.get(String(row[parentColumn])) : undefined;
    // A cycle in the data would make every member someone's child; break it at the node whose parent is itself a descendant.
    if (parent && parent !== node && !isDescendant(node, parent.id)) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: TreeNode[]) => {
    list.sort((a, b) => a.label.localeCompare(b.label));
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

export function isDescendant(node: TreeNode, id: string): boolean {
  return node.children.some((c) => c.id === id || isDescendant(c, id));
}

/** Where a node may move: anywhere but itself and its own descendants. */
export function moveTargets(roots: TreeNode[], moving: TreeNode): TreeNode[] {
  const out: TreeNode[] = [];
  const walk = (list: TreeNode[]) => {
    for (const n of list) {
      if (n.id === moving.id) continue;
      out.push(n);
      walk(n.children);
    }
  };
  walk(roots);
  return out;
}
