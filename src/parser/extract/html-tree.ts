/**
 * HTML text → a tree of plain nodes, built by parse5 (the browser-grade parser cheerio uses: unclosed
 * <p>/<td>, implied <tbody>, stray text in tables come out as a browser shows them) through a tree
 * adapter of our own.
 *
 * Why not cheerio.load: the tree is the same, but cheerio builds it with domhandler nodes (prev/next
 * links, three null-prototype attribute maps per element) and creates a class per document; that cost
 * ≈ 3× parse5 itself and most of the garbage of an HTML report. These nodes have the fields of
 * domhandler's that the extractor reads (type, name, data, attribs, children, parent), with the same
 * values: the extraction is unchanged.
 */
import { parse, html, type TreeAdapter, type TreeAdapterTypeMap, type Token } from "parse5";

export interface HNode {
  /** "root" (document, template content), "tag", "text", "comment", "directive" (doctype) */
  type: string;
  /** tag name (lower case, as parse5 gives it) */
  name?: string;
  /** text and comment content */
  data?: string;
  attribs?: Record<string, string>;
  children?: HNode[];
  parent?: HNode | null;
}

interface HElement extends HNode {
  name: string;
  attribs: Record<string, string>;
  children: HNode[];
  namespace: html.NS;
  attrs: Token.Attribute[];
}

interface HDocument extends HNode {
  children: HNode[];
  mode: html.DOCUMENT_MODE;
}

type HMap = TreeAdapterTypeMap<HNode, HNode, HNode, HDocument, HDocument, HElement, HNode, HNode, HElement, HNode>;

/** Elements without attributes (most of them) share this; adoptAttributes gives an element its own. */
const NO_ATTRIBS: Record<string, string> = Object.freeze(Object.create(null) as Record<string, string>);

function attribsOf(attrs: Token.Attribute[]): Record<string, string> {
  if (!attrs.length) return NO_ATTRIBS;
  // null prototype, as domhandler's: an attribute named like an Object.prototype member stays data
  const a = Object.create(null) as Record<string, string>;
  for (const at of attrs) a[at.name] = at.value;
  return a;
}

const children = (n: HNode) => n.children!;

function appendChild(parent: HNode, node: HNode): void {
  children(parent).push(node);
  node.parent = parent;
}

function insertBefore(parent: HNode, node: HNode, ref: HNode): void {
  const list = children(parent);
  list.splice(list.indexOf(ref), 0, node);
  node.parent = parent;
}

const text = (data: string): HNode => ({ type: "text", data, parent: null });

const adapter: TreeAdapter<HMap> = {
  createDocument: () => ({ type: "root", children: [], parent: null, mode: html.DOCUMENT_MODE.NO_QUIRKS }),
  createDocumentFragment: () => ({ type: "root", children: [], parent: null, mode: html.DOCUMENT_MODE.NO_QUIRKS }),
  createElement: (name, namespace, attrs) => ({
    type: "tag",
    name,
    attribs: attribsOf(attrs),
    children: [],
    parent: null,
    namespace,
    attrs,
  }),
  createCommentNode: (data) => ({ type: "comment", data, parent: null }),
  createTextNode: text,
  appendChild,
  insertBefore,
  // as domhandler's adapter: the template's content is its (only) child
  setTemplateContent: appendChild,
  getTemplateContent: (t) => t.children[0] as HDocument,
  setDocumentType(doc, name) {
    let node = doc.children.find((n) => n.type === "directive");
    if (!node) {
      node = { type: "directive", name: "!doctype", parent: null };
      appendChild(doc, node);
    }
    node.data = `!DOCTYPE ${name}`;
  },
  setDocumentMode: (doc, mode) => {
    doc.mode = mode;
  },
  getDocumentMode: (doc) => doc.mode,
  detachNode(node) {
    if (!node.parent) return;
    const list = children(node.parent);
    list.splice(list.indexOf(node), 1);
    node.parent = null;
  },
  insertText(parent, data) {
    const list = children(parent);
    const last = list[list.length - 1];
    if (last?.type === "text") last.data += data;
    else appendChild(parent, text(data));
  },
  insertTextBefore(parent, data, ref) {
    const list = children(parent);
    const prev = list[list.indexOf(ref) - 1];
    if (prev?.type === "text") prev.data += data;
    else insertBefore(parent, text(data), ref);
  },
  adoptAttributes(el, attrs) {
    const added = attrs.filter((a) => el.attribs[a.name] === undefined);
    if (!added.length) return;
    el.attrs = [...el.attrs, ...added];
    el.attribs = attribsOf(el.attrs);
  },
  getFirstChild: (n) => children(n)[0] ?? null,
  getChildNodes: children,
  getParentNode: (n) => n.parent ?? null,
  getAttrList: (el) => el.attrs,
  getTagName: (el) => el.name,
  getNamespaceURI: (el) => el.namespace,
  getTextNodeContent: (n) => n.data ?? "",
  getCommentNodeContent: (n) => n.data ?? "",
  getDocumentTypeNodeName: (n) => n.data?.slice(10) ?? "",
  getDocumentTypeNodePublicId: () => "",
  getDocumentTypeNodeSystemId: () => "",
  isTextNode: (n): n is HNode => n.type === "text",
  isCommentNode: (n): n is HNode => n.type === "comment",
  isDocumentTypeNode: (n): n is HNode => n.type === "directive",
  isElementNode: (n): n is HElement => n.type === "tag",
  // source positions are not asked for
  setNodeSourceCodeLocation: () => undefined,
  getNodeSourceCodeLocation: () => undefined,
  updateNodeSourceCodeLocation: () => undefined,
};

/** The document node of an HTML page (never throws: parse5 recovers from any markup). */
export function parseHtml(source: string): HNode {
  return parse(source, { treeAdapter: adapter, scriptingEnabled: true });
}
