import { createRequire as __onepixelRequire } from 'node:module'; const require = __onepixelRequire(import.meta.url);
import {
  ARTIFACT_FILES,
  DEFAULT_BATCH,
  DEFAULT_OPTIONS,
  OnepixelError,
  Raster,
  __commonJS,
  __require,
  __toESM,
  abortError,
  cellCount,
  checkOutput,
  currentDevice,
  defaultThreads,
  describeError,
  errorCode,
  inspectModelFile,
  loadModel,
  modelValue,
  optionsFromText,
  packageRoot,
  passesPerCell,
  referenceSeconds,
  resolveOptions,
  sweepModel,
  writeSignatureArtifacts
} from "./chunk-ELRYM3SO.js";

// node_modules/yaml/dist/nodes/identity.js
var require_identity = __commonJS({
  "node_modules/yaml/dist/nodes/identity.js"(exports) {
    "use strict";
    var ALIAS = /* @__PURE__ */ Symbol.for("yaml.alias");
    var DOC = /* @__PURE__ */ Symbol.for("yaml.document");
    var MAP = /* @__PURE__ */ Symbol.for("yaml.map");
    var PAIR = /* @__PURE__ */ Symbol.for("yaml.pair");
    var SCALAR = /* @__PURE__ */ Symbol.for("yaml.scalar");
    var SEQ = /* @__PURE__ */ Symbol.for("yaml.seq");
    var NODE_TYPE = /* @__PURE__ */ Symbol.for("yaml.node.type");
    var isAlias = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === ALIAS;
    var isDocument = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === DOC;
    var isMap = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === MAP;
    var isPair = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === PAIR;
    var isScalar = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === SCALAR;
    var isSeq = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === SEQ;
    function isCollection(node) {
      if (node && typeof node === "object")
        switch (node[NODE_TYPE]) {
          case MAP:
          case SEQ:
            return true;
        }
      return false;
    }
    function isNode(node) {
      if (node && typeof node === "object")
        switch (node[NODE_TYPE]) {
          case ALIAS:
          case MAP:
          case SCALAR:
          case SEQ:
            return true;
        }
      return false;
    }
    var hasAnchor = (node) => (isScalar(node) || isCollection(node)) && !!node.anchor;
    exports.ALIAS = ALIAS;
    exports.DOC = DOC;
    exports.MAP = MAP;
    exports.NODE_TYPE = NODE_TYPE;
    exports.PAIR = PAIR;
    exports.SCALAR = SCALAR;
    exports.SEQ = SEQ;
    exports.hasAnchor = hasAnchor;
    exports.isAlias = isAlias;
    exports.isCollection = isCollection;
    exports.isDocument = isDocument;
    exports.isMap = isMap;
    exports.isNode = isNode;
    exports.isPair = isPair;
    exports.isScalar = isScalar;
    exports.isSeq = isSeq;
  }
});

// node_modules/yaml/dist/visit.js
var require_visit = __commonJS({
  "node_modules/yaml/dist/visit.js"(exports) {
    "use strict";
    var identity = require_identity();
    var BREAK = /* @__PURE__ */ Symbol("break visit");
    var SKIP = /* @__PURE__ */ Symbol("skip children");
    var REMOVE = /* @__PURE__ */ Symbol("remove node");
    function visit(node, visitor) {
      const visitor_ = initVisitor(visitor);
      if (identity.isDocument(node)) {
        const cd = visit_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
          node.contents = null;
      } else
        visit_(null, node, visitor_, Object.freeze([]));
    }
    visit.BREAK = BREAK;
    visit.SKIP = SKIP;
    visit.REMOVE = REMOVE;
    function visit_(key, node, visitor, path7) {
      const ctrl = callVisitor(key, node, visitor, path7);
      if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path7, ctrl);
        return visit_(key, ctrl, visitor, path7);
      }
      if (typeof ctrl !== "symbol") {
        if (identity.isCollection(node)) {
          path7 = Object.freeze(path7.concat(node));
          for (let i = 0; i < node.items.length; ++i) {
            const ci = visit_(i, node.items[i], visitor, path7);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              node.items.splice(i, 1);
              i -= 1;
            }
          }
        } else if (identity.isPair(node)) {
          path7 = Object.freeze(path7.concat(node));
          const ck = visit_("key", node.key, visitor, path7);
          if (ck === BREAK)
            return BREAK;
          else if (ck === REMOVE)
            node.key = null;
          const cv = visit_("value", node.value, visitor, path7);
          if (cv === BREAK)
            return BREAK;
          else if (cv === REMOVE)
            node.value = null;
        }
      }
      return ctrl;
    }
    async function visitAsync(node, visitor) {
      const visitor_ = initVisitor(visitor);
      if (identity.isDocument(node)) {
        const cd = await visitAsync_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
          node.contents = null;
      } else
        await visitAsync_(null, node, visitor_, Object.freeze([]));
    }
    visitAsync.BREAK = BREAK;
    visitAsync.SKIP = SKIP;
    visitAsync.REMOVE = REMOVE;
    async function visitAsync_(key, node, visitor, path7) {
      const ctrl = await callVisitor(key, node, visitor, path7);
      if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path7, ctrl);
        return visitAsync_(key, ctrl, visitor, path7);
      }
      if (typeof ctrl !== "symbol") {
        if (identity.isCollection(node)) {
          path7 = Object.freeze(path7.concat(node));
          for (let i = 0; i < node.items.length; ++i) {
            const ci = await visitAsync_(i, node.items[i], visitor, path7);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              node.items.splice(i, 1);
              i -= 1;
            }
          }
        } else if (identity.isPair(node)) {
          path7 = Object.freeze(path7.concat(node));
          const ck = await visitAsync_("key", node.key, visitor, path7);
          if (ck === BREAK)
            return BREAK;
          else if (ck === REMOVE)
            node.key = null;
          const cv = await visitAsync_("value", node.value, visitor, path7);
          if (cv === BREAK)
            return BREAK;
          else if (cv === REMOVE)
            node.value = null;
        }
      }
      return ctrl;
    }
    function initVisitor(visitor) {
      if (typeof visitor === "object" && (visitor.Collection || visitor.Node || visitor.Value)) {
        return Object.assign({
          Alias: visitor.Node,
          Map: visitor.Node,
          Scalar: visitor.Node,
          Seq: visitor.Node
        }, visitor.Value && {
          Map: visitor.Value,
          Scalar: visitor.Value,
          Seq: visitor.Value
        }, visitor.Collection && {
          Map: visitor.Collection,
          Seq: visitor.Collection
        }, visitor);
      }
      return visitor;
    }
    function callVisitor(key, node, visitor, path7) {
      if (typeof visitor === "function")
        return visitor(key, node, path7);
      if (identity.isMap(node))
        return visitor.Map?.(key, node, path7);
      if (identity.isSeq(node))
        return visitor.Seq?.(key, node, path7);
      if (identity.isPair(node))
        return visitor.Pair?.(key, node, path7);
      if (identity.isScalar(node))
        return visitor.Scalar?.(key, node, path7);
      if (identity.isAlias(node))
        return visitor.Alias?.(key, node, path7);
      return void 0;
    }
    function replaceNode(key, path7, node) {
      const parent = path7[path7.length - 1];
      if (identity.isCollection(parent)) {
        parent.items[key] = node;
      } else if (identity.isPair(parent)) {
        if (key === "key")
          parent.key = node;
        else
          parent.value = node;
      } else if (identity.isDocument(parent)) {
        parent.contents = node;
      } else {
        const pt = identity.isAlias(parent) ? "alias" : "scalar";
        throw new Error(`Cannot replace node with ${pt} parent`);
      }
    }
    exports.visit = visit;
    exports.visitAsync = visitAsync;
  }
});

// node_modules/yaml/dist/doc/directives.js
var require_directives = __commonJS({
  "node_modules/yaml/dist/doc/directives.js"(exports) {
    "use strict";
    var identity = require_identity();
    var visit = require_visit();
    var escapeChars = {
      "!": "%21",
      ",": "%2C",
      "[": "%5B",
      "]": "%5D",
      "{": "%7B",
      "}": "%7D"
    };
    var escapeTagName = (tn) => tn.replace(/[!,[\]{}]/g, (ch) => escapeChars[ch]);
    var Directives = class _Directives {
      constructor(yaml, tags) {
        this.docStart = null;
        this.docEnd = false;
        this.yaml = Object.assign({}, _Directives.defaultYaml, yaml);
        this.tags = Object.assign({}, _Directives.defaultTags, tags);
      }
      clone() {
        const copy = new _Directives(this.yaml, this.tags);
        copy.docStart = this.docStart;
        return copy;
      }
      /**
       * During parsing, get a Directives instance for the current document and
       * update the stream state according to the current version's spec.
       */
      atDocument() {
        const res = new _Directives(this.yaml, this.tags);
        switch (this.yaml.version) {
          case "1.1":
            this.atNextDocument = true;
            break;
          case "1.2":
            this.atNextDocument = false;
            this.yaml = {
              explicit: _Directives.defaultYaml.explicit,
              version: "1.2"
            };
            this.tags = Object.assign({}, _Directives.defaultTags);
            break;
        }
        return res;
      }
      /**
       * @param onError - May be called even if the action was successful
       * @returns `true` on success
       */
      add(line, onError) {
        if (this.atNextDocument) {
          this.yaml = { explicit: _Directives.defaultYaml.explicit, version: "1.1" };
          this.tags = Object.assign({}, _Directives.defaultTags);
          this.atNextDocument = false;
        }
        const parts = line.trim().split(/[ \t]+/);
        const name = parts.shift();
        switch (name) {
          case "%TAG": {
            if (parts.length !== 2) {
              onError(0, "%TAG directive should contain exactly two parts");
              if (parts.length < 2)
                return false;
            }
            const [handle, prefix] = parts;
            this.tags[handle] = prefix;
            return true;
          }
          case "%YAML": {
            this.yaml.explicit = true;
            if (parts.length !== 1) {
              onError(0, "%YAML directive should contain exactly one part");
              return false;
            }
            const [version] = parts;
            if (version === "1.1" || version === "1.2") {
              this.yaml.version = version;
              return true;
            } else {
              const isValid = /^\d+\.\d+$/.test(version);
              onError(6, `Unsupported YAML version ${version}`, isValid);
              return false;
            }
          }
          default:
            onError(0, `Unknown directive ${name}`, true);
            return false;
        }
      }
      /**
       * Resolves a tag, matching handles to those defined in %TAG directives.
       *
       * @returns Resolved tag, which may also be the non-specific tag `'!'` or a
       *   `'!local'` tag, or `null` if unresolvable.
       */
      tagName(source, onError) {
        if (source === "!")
          return "!";
        if (source[0] !== "!") {
          onError(`Not a valid tag: ${source}`);
          return null;
        }
        if (source[1] === "<") {
          const verbatim = source.slice(2, -1);
          if (verbatim === "!" || verbatim === "!!") {
            onError(`Verbatim tags aren't resolved, so ${source} is invalid.`);
            return null;
          }
          if (source[source.length - 1] !== ">")
            onError("Verbatim tags must end with a >");
          return verbatim;
        }
        const [, handle, suffix] = source.match(/^(.*!)([^!]*)$/s);
        if (!suffix)
          onError(`The ${source} tag has no suffix`);
        const prefix = this.tags[handle];
        if (prefix) {
          try {
            return prefix + decodeURIComponent(suffix);
          } catch (error) {
            onError(String(error));
            return null;
          }
        }
        if (handle === "!")
          return source;
        onError(`Could not resolve tag: ${source}`);
        return null;
      }
      /**
       * Given a fully resolved tag, returns its printable string form,
       * taking into account current tag prefixes and defaults.
       */
      tagString(tag) {
        for (const [handle, prefix] of Object.entries(this.tags)) {
          if (tag.startsWith(prefix))
            return handle + escapeTagName(tag.substring(prefix.length));
        }
        return tag[0] === "!" ? tag : `!<${tag}>`;
      }
      toString(doc) {
        const lines = this.yaml.explicit ? [`%YAML ${this.yaml.version || "1.2"}`] : [];
        const tagEntries = Object.entries(this.tags);
        let tagNames;
        if (doc && tagEntries.length > 0 && identity.isNode(doc.contents)) {
          const tags = {};
          visit.visit(doc.contents, (_key, node) => {
            if (identity.isNode(node) && node.tag)
              tags[node.tag] = true;
          });
          tagNames = Object.keys(tags);
        } else
          tagNames = [];
        for (const [handle, prefix] of tagEntries) {
          if (handle === "!!" && prefix === "tag:yaml.org,2002:")
            continue;
          if (!doc || tagNames.some((tn) => tn.startsWith(prefix)))
            lines.push(`%TAG ${handle} ${prefix}`);
        }
        return lines.join("\n");
      }
    };
    Directives.defaultYaml = { explicit: false, version: "1.2" };
    Directives.defaultTags = { "!!": "tag:yaml.org,2002:" };
    exports.Directives = Directives;
  }
});

// node_modules/yaml/dist/doc/anchors.js
var require_anchors = __commonJS({
  "node_modules/yaml/dist/doc/anchors.js"(exports) {
    "use strict";
    var identity = require_identity();
    var visit = require_visit();
    function anchorIsValid(anchor) {
      if (/[\x00-\x19\s,[\]{}]/.test(anchor)) {
        const sa = JSON.stringify(anchor);
        const msg = `Anchor must not contain whitespace or control characters: ${sa}`;
        throw new Error(msg);
      }
      return true;
    }
    function anchorNames(root) {
      const anchors = /* @__PURE__ */ new Set();
      visit.visit(root, {
        Value(_key, node) {
          if (node.anchor)
            anchors.add(node.anchor);
        }
      });
      return anchors;
    }
    function findNewAnchor(prefix, exclude) {
      for (let i = 1; true; ++i) {
        const name = `${prefix}${i}`;
        if (!exclude.has(name))
          return name;
      }
    }
    function createNodeAnchors(doc, prefix) {
      const aliasObjects = [];
      const sourceObjects = /* @__PURE__ */ new Map();
      let prevAnchors = null;
      return {
        onAnchor: (source) => {
          aliasObjects.push(source);
          prevAnchors ?? (prevAnchors = anchorNames(doc));
          const anchor = findNewAnchor(prefix, prevAnchors);
          prevAnchors.add(anchor);
          return anchor;
        },
        /**
         * With circular references, the source node is only resolved after all
         * of its child nodes are. This is why anchors are set only after all of
         * the nodes have been created.
         */
        setAnchors: () => {
          for (const source of aliasObjects) {
            const ref = sourceObjects.get(source);
            if (typeof ref === "object" && ref.anchor && (identity.isScalar(ref.node) || identity.isCollection(ref.node))) {
              ref.node.anchor = ref.anchor;
            } else {
              const error = new Error("Failed to resolve repeated object (this should not happen)");
              error.source = source;
              throw error;
            }
          }
        },
        sourceObjects
      };
    }
    exports.anchorIsValid = anchorIsValid;
    exports.anchorNames = anchorNames;
    exports.createNodeAnchors = createNodeAnchors;
    exports.findNewAnchor = findNewAnchor;
  }
});

// node_modules/yaml/dist/doc/applyReviver.js
var require_applyReviver = __commonJS({
  "node_modules/yaml/dist/doc/applyReviver.js"(exports) {
    "use strict";
    function applyReviver(reviver, obj, key, val) {
      if (val && typeof val === "object") {
        if (Array.isArray(val)) {
          for (let i = 0, len = val.length; i < len; ++i) {
            const v0 = val[i];
            const v1 = applyReviver(reviver, val, String(i), v0);
            if (v1 === void 0)
              delete val[i];
            else if (v1 !== v0)
              val[i] = v1;
          }
        } else if (val instanceof Map) {
          for (const k of Array.from(val.keys())) {
            const v0 = val.get(k);
            const v1 = applyReviver(reviver, val, k, v0);
            if (v1 === void 0)
              val.delete(k);
            else if (v1 !== v0)
              val.set(k, v1);
          }
        } else if (val instanceof Set) {
          for (const v0 of Array.from(val)) {
            const v1 = applyReviver(reviver, val, v0, v0);
            if (v1 === void 0)
              val.delete(v0);
            else if (v1 !== v0) {
              val.delete(v0);
              val.add(v1);
            }
          }
        } else {
          for (const [k, v0] of Object.entries(val)) {
            const v1 = applyReviver(reviver, val, k, v0);
            if (v1 === void 0)
              delete val[k];
            else if (v1 !== v0)
              val[k] = v1;
          }
        }
      }
      return reviver.call(obj, key, val);
    }
    exports.applyReviver = applyReviver;
  }
});

// node_modules/yaml/dist/nodes/toJS.js
var require_toJS = __commonJS({
  "node_modules/yaml/dist/nodes/toJS.js"(exports) {
    "use strict";
    var identity = require_identity();
    function toJS(value, arg, ctx) {
      if (Array.isArray(value))
        return value.map((v, i) => toJS(v, String(i), ctx));
      if (value && typeof value.toJSON === "function") {
        if (!ctx || !identity.hasAnchor(value))
          return value.toJSON(arg, ctx);
        const data = { aliasCount: 0, count: 1, res: void 0 };
        ctx.anchors.set(value, data);
        ctx.onCreate = (res2) => {
          data.res = res2;
          delete ctx.onCreate;
        };
        const res = value.toJSON(arg, ctx);
        if (ctx.onCreate)
          ctx.onCreate(res);
        return res;
      }
      if (typeof value === "bigint" && !ctx?.keep)
        return Number(value);
      return value;
    }
    exports.toJS = toJS;
  }
});

// node_modules/yaml/dist/nodes/Node.js
var require_Node = __commonJS({
  "node_modules/yaml/dist/nodes/Node.js"(exports) {
    "use strict";
    var applyReviver = require_applyReviver();
    var identity = require_identity();
    var toJS = require_toJS();
    var NodeBase = class {
      constructor(type) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: type });
      }
      /** Create a copy of this node.  */
      clone() {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /** A plain JavaScript representation of this node. */
      toJS(doc, { mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        if (!identity.isDocument(doc))
          throw new TypeError("A document argument is required");
        const ctx = {
          anchors: /* @__PURE__ */ new Map(),
          doc,
          keep: true,
          mapAsMap: mapAsMap === true,
          mapKeyWarned: false,
          maxAliasCount: typeof maxAliasCount === "number" ? maxAliasCount : 100
        };
        const res = toJS.toJS(this, "", ctx);
        if (typeof onAnchor === "function")
          for (const { count, res: res2 } of ctx.anchors.values())
            onAnchor(res2, count);
        return typeof reviver === "function" ? applyReviver.applyReviver(reviver, { "": res }, "", res) : res;
      }
    };
    exports.NodeBase = NodeBase;
  }
});

// node_modules/yaml/dist/nodes/Alias.js
var require_Alias = __commonJS({
  "node_modules/yaml/dist/nodes/Alias.js"(exports) {
    "use strict";
    var anchors = require_anchors();
    var visit = require_visit();
    var identity = require_identity();
    var Node = require_Node();
    var toJS = require_toJS();
    var Alias = class extends Node.NodeBase {
      constructor(source) {
        super(identity.ALIAS);
        this.source = source;
        Object.defineProperty(this, "tag", {
          set() {
            throw new Error("Alias nodes cannot have tags");
          }
        });
      }
      /**
       * Resolve the value of this alias within `doc`, finding the last
       * instance of the `source` anchor before this node.
       */
      resolve(doc, ctx) {
        if (ctx?.maxAliasCount === 0)
          throw new ReferenceError("Alias resolution is disabled");
        let nodes;
        if (ctx?.aliasResolveCache) {
          nodes = ctx.aliasResolveCache;
        } else {
          nodes = [];
          visit.visit(doc, {
            Node: (_key, node) => {
              if (identity.isAlias(node) || identity.hasAnchor(node))
                nodes.push(node);
            }
          });
          if (ctx)
            ctx.aliasResolveCache = nodes;
        }
        let found = void 0;
        for (const node of nodes) {
          if (node === this)
            break;
          if (node.anchor === this.source)
            found = node;
        }
        if (found && ctx) {
          const { anchors: anchors2, doc: doc2, maxAliasCount } = ctx;
          let data = anchors2.get(found);
          if (!data) {
            toJS.toJS(found, null, ctx);
            data = anchors2.get(found);
          }
          if (data?.res === void 0) {
            const msg = "This should not happen: Alias anchor was not resolved?";
            throw new ReferenceError(msg);
          }
          if (maxAliasCount >= 0) {
            data.count += 1;
            if (data.aliasCount === 0)
              data.aliasCount = getAliasCount(doc2, found, anchors2);
            if (data.count * data.aliasCount > maxAliasCount) {
              const msg = "Excessive alias count indicates a resource exhaustion attack";
              throw new ReferenceError(msg);
            }
          }
        }
        return found;
      }
      toJSON(_arg, ctx) {
        if (!ctx)
          return { source: this.source };
        const source = this.resolve(ctx.doc, ctx);
        if (!source) {
          const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
          throw new ReferenceError(msg);
        }
        return ctx.anchors.get(source).res;
      }
      toString(ctx, _onComment, _onChompKeep) {
        const src = `*${this.source}`;
        if (ctx) {
          anchors.anchorIsValid(this.source);
          if (ctx.options.verifyAliasOrder && !ctx.anchors.has(this.source)) {
            const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
            throw new Error(msg);
          }
          if (ctx.implicitKey)
            return `${src} `;
        }
        return src;
      }
    };
    function getAliasCount(doc, node, anchors2) {
      if (identity.isAlias(node)) {
        const source = node.resolve(doc);
        const anchor = anchors2 && source && anchors2.get(source);
        return anchor ? anchor.count * anchor.aliasCount : 0;
      } else if (identity.isCollection(node)) {
        let count = 0;
        for (const item of node.items) {
          const c = getAliasCount(doc, item, anchors2);
          if (c > count)
            count = c;
        }
        return count;
      } else if (identity.isPair(node)) {
        const kc = getAliasCount(doc, node.key, anchors2);
        const vc = getAliasCount(doc, node.value, anchors2);
        return Math.max(kc, vc);
      }
      return 1;
    }
    exports.Alias = Alias;
  }
});

// node_modules/yaml/dist/nodes/Scalar.js
var require_Scalar = __commonJS({
  "node_modules/yaml/dist/nodes/Scalar.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Node = require_Node();
    var toJS = require_toJS();
    var isScalarValue = (value) => !value || typeof value !== "function" && typeof value !== "object";
    var Scalar = class extends Node.NodeBase {
      constructor(value) {
        super(identity.SCALAR);
        this.value = value;
      }
      toJSON(arg, ctx) {
        return ctx?.keep ? this.value : toJS.toJS(this.value, arg, ctx);
      }
      toString() {
        return String(this.value);
      }
    };
    Scalar.BLOCK_FOLDED = "BLOCK_FOLDED";
    Scalar.BLOCK_LITERAL = "BLOCK_LITERAL";
    Scalar.PLAIN = "PLAIN";
    Scalar.QUOTE_DOUBLE = "QUOTE_DOUBLE";
    Scalar.QUOTE_SINGLE = "QUOTE_SINGLE";
    exports.Scalar = Scalar;
    exports.isScalarValue = isScalarValue;
  }
});

// node_modules/yaml/dist/doc/createNode.js
var require_createNode = __commonJS({
  "node_modules/yaml/dist/doc/createNode.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var identity = require_identity();
    var Scalar = require_Scalar();
    var defaultTagPrefix = "tag:yaml.org,2002:";
    function findTagObject(value, tagName, tags) {
      if (tagName) {
        const match2 = tags.filter((t) => t.tag === tagName);
        const tagObj = match2.find((t) => !t.format) ?? match2[0];
        if (!tagObj)
          throw new Error(`Tag ${tagName} not found`);
        return tagObj;
      }
      return tags.find((t) => t.identify?.(value) && !t.format);
    }
    function createNode(value, tagName, ctx) {
      if (identity.isDocument(value))
        value = value.contents;
      if (identity.isNode(value))
        return value;
      if (identity.isPair(value)) {
        const map = ctx.schema[identity.MAP].createNode?.(ctx.schema, null, ctx);
        map.items.push(value);
        return map;
      }
      if (value instanceof String || value instanceof Number || value instanceof Boolean || typeof BigInt !== "undefined" && value instanceof BigInt) {
        value = value.valueOf();
      }
      const { aliasDuplicateObjects, onAnchor, onTagObj, schema, sourceObjects } = ctx;
      let ref = void 0;
      if (aliasDuplicateObjects && value && typeof value === "object") {
        ref = sourceObjects.get(value);
        if (ref) {
          ref.anchor ?? (ref.anchor = onAnchor(value));
          return new Alias.Alias(ref.anchor);
        } else {
          ref = { anchor: null, node: null };
          sourceObjects.set(value, ref);
        }
      }
      if (tagName?.startsWith("!!"))
        tagName = defaultTagPrefix + tagName.slice(2);
      let tagObj = findTagObject(value, tagName, schema.tags);
      if (!tagObj) {
        if (value && typeof value.toJSON === "function") {
          value = value.toJSON();
        }
        if (!value || typeof value !== "object") {
          const node2 = new Scalar.Scalar(value);
          if (ref)
            ref.node = node2;
          return node2;
        }
        tagObj = value instanceof Map ? schema[identity.MAP] : Symbol.iterator in Object(value) ? schema[identity.SEQ] : schema[identity.MAP];
      }
      if (onTagObj) {
        onTagObj(tagObj);
        delete ctx.onTagObj;
      }
      const node = tagObj?.createNode ? tagObj.createNode(ctx.schema, value, ctx) : typeof tagObj?.nodeClass?.from === "function" ? tagObj.nodeClass.from(ctx.schema, value, ctx) : new Scalar.Scalar(value);
      if (tagName)
        node.tag = tagName;
      else if (!tagObj.default)
        node.tag = tagObj.tag;
      if (ref)
        ref.node = node;
      return node;
    }
    exports.createNode = createNode;
  }
});

// node_modules/yaml/dist/nodes/Collection.js
var require_Collection = __commonJS({
  "node_modules/yaml/dist/nodes/Collection.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var identity = require_identity();
    var Node = require_Node();
    function collectionFromPath(schema, path7, value) {
      let v = value;
      for (let i = path7.length - 1; i >= 0; --i) {
        const k = path7[i];
        if (typeof k === "number" && Number.isInteger(k) && k >= 0) {
          const a = [];
          a[k] = v;
          v = a;
        } else {
          v = /* @__PURE__ */ new Map([[k, v]]);
        }
      }
      return createNode.createNode(v, void 0, {
        aliasDuplicateObjects: false,
        keepUndefined: false,
        onAnchor: () => {
          throw new Error("This should not happen, please report a bug.");
        },
        schema,
        sourceObjects: /* @__PURE__ */ new Map()
      });
    }
    var isEmptyPath = (path7) => path7 == null || typeof path7 === "object" && !!path7[Symbol.iterator]().next().done;
    var Collection = class extends Node.NodeBase {
      constructor(type, schema) {
        super(type);
        Object.defineProperty(this, "schema", {
          value: schema,
          configurable: true,
          enumerable: false,
          writable: true
        });
      }
      /**
       * Create a copy of this collection.
       *
       * @param schema - If defined, overwrites the original's schema
       */
      clone(schema) {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (schema)
          copy.schema = schema;
        copy.items = copy.items.map((it) => identity.isNode(it) || identity.isPair(it) ? it.clone(schema) : it);
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /**
       * Adds a value to the collection. For `!!map` and `!!omap` the value must
       * be a Pair instance or a `{ key, value }` object, which may not have a key
       * that already exists in the map.
       */
      addIn(path7, value) {
        if (isEmptyPath(path7))
          this.add(value);
        else {
          const [key, ...rest] = path7;
          const node = this.get(key, true);
          if (identity.isCollection(node))
            node.addIn(rest, value);
          else if (node === void 0 && this.schema)
            this.set(key, collectionFromPath(this.schema, rest, value));
          else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
      }
      /**
       * Removes a value from the collection.
       * @returns `true` if the item was found and removed.
       */
      deleteIn(path7) {
        const [key, ...rest] = path7;
        if (rest.length === 0)
          return this.delete(key);
        const node = this.get(key, true);
        if (identity.isCollection(node))
          return node.deleteIn(rest);
        else
          throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
      }
      /**
       * Returns item at `key`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      getIn(path7, keepScalar) {
        const [key, ...rest] = path7;
        const node = this.get(key, true);
        if (rest.length === 0)
          return !keepScalar && identity.isScalar(node) ? node.value : node;
        else
          return identity.isCollection(node) ? node.getIn(rest, keepScalar) : void 0;
      }
      hasAllNullValues(allowScalar) {
        return this.items.every((node) => {
          if (!identity.isPair(node))
            return false;
          const n = node.value;
          return n == null || allowScalar && identity.isScalar(n) && n.value == null && !n.commentBefore && !n.comment && !n.tag;
        });
      }
      /**
       * Checks if the collection includes a value with the key `key`.
       */
      hasIn(path7) {
        const [key, ...rest] = path7;
        if (rest.length === 0)
          return this.has(key);
        const node = this.get(key, true);
        return identity.isCollection(node) ? node.hasIn(rest) : false;
      }
      /**
       * Sets a value in this collection. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      setIn(path7, value) {
        const [key, ...rest] = path7;
        if (rest.length === 0) {
          this.set(key, value);
        } else {
          const node = this.get(key, true);
          if (identity.isCollection(node))
            node.setIn(rest, value);
          else if (node === void 0 && this.schema)
            this.set(key, collectionFromPath(this.schema, rest, value));
          else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
      }
    };
    exports.Collection = Collection;
    exports.collectionFromPath = collectionFromPath;
    exports.isEmptyPath = isEmptyPath;
  }
});

// node_modules/yaml/dist/stringify/stringifyComment.js
var require_stringifyComment = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyComment.js"(exports) {
    "use strict";
    var stringifyComment = (str) => str.replace(/^(?!$)(?: $)?/gm, "#");
    function indentComment(comment, indent) {
      if (/^\n+$/.test(comment))
        return comment.substring(1);
      return indent ? comment.replace(/^(?! *$)/gm, indent) : comment;
    }
    var lineComment = (str, indent, comment) => str.endsWith("\n") ? indentComment(comment, indent) : comment.includes("\n") ? "\n" + indentComment(comment, indent) : (str.endsWith(" ") ? "" : " ") + comment;
    exports.indentComment = indentComment;
    exports.lineComment = lineComment;
    exports.stringifyComment = stringifyComment;
  }
});

// node_modules/yaml/dist/stringify/foldFlowLines.js
var require_foldFlowLines = __commonJS({
  "node_modules/yaml/dist/stringify/foldFlowLines.js"(exports) {
    "use strict";
    var FOLD_FLOW = "flow";
    var FOLD_BLOCK = "block";
    var FOLD_QUOTED = "quoted";
    function foldFlowLines(text2, indent, mode = "flow", { indentAtStart, lineWidth = 80, minContentWidth = 20, onFold, onOverflow } = {}) {
      if (!lineWidth || lineWidth < 0)
        return text2;
      if (lineWidth < minContentWidth)
        minContentWidth = 0;
      const endStep = Math.max(1 + minContentWidth, 1 + lineWidth - indent.length);
      if (text2.length <= endStep)
        return text2;
      const folds = [];
      const escapedFolds = {};
      let end = lineWidth - indent.length;
      if (typeof indentAtStart === "number") {
        if (indentAtStart > lineWidth - Math.max(2, minContentWidth))
          folds.push(0);
        else
          end = lineWidth - indentAtStart;
      }
      let split = void 0;
      let prev = void 0;
      let overflow = false;
      let i = -1;
      let escStart = -1;
      let escEnd = -1;
      if (mode === FOLD_BLOCK) {
        i = consumeMoreIndentedLines(text2, i, indent.length);
        if (i !== -1)
          end = i + endStep;
      }
      for (let ch; ch = text2[i += 1]; ) {
        if (mode === FOLD_QUOTED && ch === "\\") {
          escStart = i;
          switch (text2[i + 1]) {
            case "x":
              i += 3;
              break;
            case "u":
              i += 5;
              break;
            case "U":
              i += 9;
              break;
            default:
              i += 1;
          }
          escEnd = i;
        }
        if (ch === "\n") {
          if (mode === FOLD_BLOCK)
            i = consumeMoreIndentedLines(text2, i, indent.length);
          end = i + indent.length + endStep;
          split = void 0;
        } else {
          if (ch === " " && prev && prev !== " " && prev !== "\n" && prev !== "	") {
            const next = text2[i + 1];
            if (next && next !== " " && next !== "\n" && next !== "	")
              split = i;
          }
          if (i >= end) {
            if (split) {
              folds.push(split);
              end = split + endStep;
              split = void 0;
            } else if (mode === FOLD_QUOTED) {
              while (prev === " " || prev === "	") {
                prev = ch;
                ch = text2[i += 1];
                overflow = true;
              }
              const j = i > escEnd + 1 ? i - 2 : escStart - 1;
              if (escapedFolds[j])
                return text2;
              folds.push(j);
              escapedFolds[j] = true;
              end = j + endStep;
              split = void 0;
            } else {
              overflow = true;
            }
          }
        }
        prev = ch;
      }
      if (overflow && onOverflow)
        onOverflow();
      if (folds.length === 0)
        return text2;
      if (onFold)
        onFold();
      let res = text2.slice(0, folds[0]);
      for (let i2 = 0; i2 < folds.length; ++i2) {
        const fold = folds[i2];
        const end2 = folds[i2 + 1] || text2.length;
        if (fold === 0)
          res = `
${indent}${text2.slice(0, end2)}`;
        else {
          if (mode === FOLD_QUOTED && escapedFolds[fold])
            res += `${text2[fold]}\\`;
          res += `
${indent}${text2.slice(fold + 1, end2)}`;
        }
      }
      return res;
    }
    function consumeMoreIndentedLines(text2, i, indent) {
      let end = i;
      let start = i + 1;
      let ch = text2[start];
      while (ch === " " || ch === "	") {
        if (i < start + indent) {
          ch = text2[++i];
        } else {
          do {
            ch = text2[++i];
          } while (ch && ch !== "\n");
          end = i;
          start = i + 1;
          ch = text2[start];
        }
      }
      return end;
    }
    exports.FOLD_BLOCK = FOLD_BLOCK;
    exports.FOLD_FLOW = FOLD_FLOW;
    exports.FOLD_QUOTED = FOLD_QUOTED;
    exports.foldFlowLines = foldFlowLines;
  }
});

// node_modules/yaml/dist/stringify/stringifyString.js
var require_stringifyString = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyString.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var foldFlowLines = require_foldFlowLines();
    var getFoldOptions = (ctx, isBlock) => ({
      indentAtStart: isBlock ? ctx.indent.length : ctx.indentAtStart,
      lineWidth: ctx.options.lineWidth,
      minContentWidth: ctx.options.minContentWidth
    });
    var containsDocumentMarker = (str) => /^(%|---|\.\.\.)/m.test(str);
    function lineLengthOverLimit(str, lineWidth, indentLength) {
      if (!lineWidth || lineWidth < 0)
        return false;
      const limit = lineWidth - indentLength;
      const strLen = str.length;
      if (strLen <= limit)
        return false;
      for (let i = 0, start = 0; i < strLen; ++i) {
        if (str[i] === "\n") {
          if (i - start > limit)
            return true;
          start = i + 1;
          if (strLen - start <= limit)
            return false;
        }
      }
      return true;
    }
    function doubleQuotedString(value, ctx) {
      const json = JSON.stringify(value);
      if (ctx.options.doubleQuotedAsJSON)
        return json;
      const { implicitKey } = ctx;
      const minMultiLineLength = ctx.options.doubleQuotedMinMultiLineLength;
      const indent = ctx.indent || (containsDocumentMarker(value) ? "  " : "");
      let str = "";
      let start = 0;
      for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
        if (ch === " " && json[i + 1] === "\\" && json[i + 2] === "n") {
          str += json.slice(start, i) + "\\ ";
          i += 1;
          start = i;
          ch = "\\";
        }
        if (ch === "\\")
          switch (json[i + 1]) {
            case "u":
              {
                str += json.slice(start, i);
                const code = json.substr(i + 2, 4);
                switch (code) {
                  case "0000":
                    str += "\\0";
                    break;
                  case "0007":
                    str += "\\a";
                    break;
                  case "000b":
                    str += "\\v";
                    break;
                  case "001b":
                    str += "\\e";
                    break;
                  case "0085":
                    str += "\\N";
                    break;
                  case "00a0":
                    str += "\\_";
                    break;
                  case "2028":
                    str += "\\L";
                    break;
                  case "2029":
                    str += "\\P";
                    break;
                  default:
                    if (code.substr(0, 2) === "00")
                      str += "\\x" + code.substr(2);
                    else
                      str += json.substr(i, 6);
                }
                i += 5;
                start = i + 1;
              }
              break;
            case "n":
              if (implicitKey || json[i + 2] === '"' || json.length < minMultiLineLength) {
                i += 1;
              } else {
                str += json.slice(start, i) + "\n\n";
                while (json[i + 2] === "\\" && json[i + 3] === "n" && json[i + 4] !== '"') {
                  str += "\n";
                  i += 2;
                }
                str += indent;
                if (json[i + 2] === " ")
                  str += "\\";
                i += 1;
                start = i + 1;
              }
              break;
            default:
              i += 1;
          }
      }
      str = start ? str + json.slice(start) : json;
      return implicitKey ? str : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_QUOTED, getFoldOptions(ctx, false));
    }
    function singleQuotedString(value, ctx) {
      if (ctx.options.singleQuote === false || ctx.implicitKey && value.includes("\n") || /[ \t]\n|\n[ \t]/.test(value))
        return doubleQuotedString(value, ctx);
      const indent = ctx.indent || (containsDocumentMarker(value) ? "  " : "");
      const res = "'" + value.replace(/'/g, "''").replace(/\n+/g, `$&
${indent}`) + "'";
      return ctx.implicitKey ? res : foldFlowLines.foldFlowLines(res, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
    }
    function quotedString(value, ctx) {
      const { singleQuote } = ctx.options;
      let qs;
      if (singleQuote === false)
        qs = doubleQuotedString;
      else {
        const hasDouble = value.includes('"');
        const hasSingle = value.includes("'");
        if (hasDouble && !hasSingle)
          qs = singleQuotedString;
        else if (hasSingle && !hasDouble)
          qs = doubleQuotedString;
        else
          qs = singleQuote ? singleQuotedString : doubleQuotedString;
      }
      return qs(value, ctx);
    }
    var blockEndNewlines;
    try {
      blockEndNewlines = new RegExp("(^|(?<!\n))\n+(?!\n|$)", "g");
    } catch {
      blockEndNewlines = /\n+(?!\n|$)/g;
    }
    function blockString({ comment, type, value }, ctx, onComment, onChompKeep) {
      const { blockQuote, commentString, lineWidth } = ctx.options;
      if (!blockQuote || /\n[\t ]+$/.test(value)) {
        return quotedString(value, ctx);
      }
      const indent = ctx.indent || (ctx.forceBlockIndent || containsDocumentMarker(value) ? "  " : "");
      const literal = blockQuote === "literal" ? true : blockQuote === "folded" || type === Scalar.Scalar.BLOCK_FOLDED ? false : type === Scalar.Scalar.BLOCK_LITERAL ? true : !lineLengthOverLimit(value, lineWidth, indent.length);
      if (!value)
        return literal ? "|\n" : ">\n";
      let chomp;
      let endStart;
      for (endStart = value.length; endStart > 0; --endStart) {
        const ch = value[endStart - 1];
        if (ch !== "\n" && ch !== "	" && ch !== " ")
          break;
      }
      let end = value.substring(endStart);
      const endNlPos = end.indexOf("\n");
      if (endNlPos === -1) {
        chomp = "-";
      } else if (value === end || endNlPos !== end.length - 1) {
        chomp = "+";
        if (onChompKeep)
          onChompKeep();
      } else {
        chomp = "";
      }
      if (end) {
        value = value.slice(0, -end.length);
        if (end[end.length - 1] === "\n")
          end = end.slice(0, -1);
        end = end.replace(blockEndNewlines, `$&${indent}`);
      }
      let startWithSpace = false;
      let startEnd;
      let startNlPos = -1;
      for (startEnd = 0; startEnd < value.length; ++startEnd) {
        const ch = value[startEnd];
        if (ch === " ")
          startWithSpace = true;
        else if (ch === "\n")
          startNlPos = startEnd;
        else
          break;
      }
      let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
      if (start) {
        value = value.substring(start.length);
        start = start.replace(/\n+/g, `$&${indent}`);
      }
      const indentSize = indent ? "2" : "1";
      let header = (startWithSpace ? indentSize : "") + chomp;
      if (comment) {
        header += " " + commentString(comment.replace(/ ?[\r\n]+/g, " "));
        if (onComment)
          onComment();
      }
      if (!literal) {
        const foldedValue = value.replace(/\n+/g, "\n$&").replace(/(?:^|\n)([\t ].*)(?:([\n\t ]*)\n(?![\n\t ]))?/g, "$1$2").replace(/\n+/g, `$&${indent}`);
        let literalFallback = false;
        const foldOptions = getFoldOptions(ctx, true);
        if (blockQuote !== "folded" && type !== Scalar.Scalar.BLOCK_FOLDED) {
          foldOptions.onOverflow = () => {
            literalFallback = true;
          };
        }
        const body = foldFlowLines.foldFlowLines(`${start}${foldedValue}${end}`, indent, foldFlowLines.FOLD_BLOCK, foldOptions);
        if (!literalFallback)
          return `>${header}
${indent}${body}`;
      }
      value = value.replace(/\n+/g, `$&${indent}`);
      return `|${header}
${indent}${start}${value}${end}`;
    }
    function plainString(item, ctx, onComment, onChompKeep) {
      const { type, value } = item;
      const { actualString, implicitKey, indent, indentStep, inFlow } = ctx;
      if (implicitKey && value.includes("\n") || inFlow && /[[\]{},]/.test(value)) {
        return quotedString(value, ctx);
      }
      if (/^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/.test(value)) {
        return implicitKey || inFlow || !value.includes("\n") ? quotedString(value, ctx) : blockString(item, ctx, onComment, onChompKeep);
      }
      if (!implicitKey && !inFlow && type !== Scalar.Scalar.PLAIN && value.includes("\n")) {
        return blockString(item, ctx, onComment, onChompKeep);
      }
      if (containsDocumentMarker(value)) {
        if (indent === "") {
          ctx.forceBlockIndent = true;
          return blockString(item, ctx, onComment, onChompKeep);
        } else if (implicitKey && indent === indentStep) {
          return quotedString(value, ctx);
        }
      }
      const str = value.replace(/\n+/g, `$&
${indent}`);
      if (actualString) {
        const test = (tag) => tag.default && tag.tag !== "tag:yaml.org,2002:str" && tag.test?.test(str);
        const { compat, tags } = ctx.doc.schema;
        if (tags.some(test) || compat?.some(test))
          return quotedString(value, ctx);
      }
      return implicitKey ? str : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
    }
    function stringifyString(item, ctx, onComment, onChompKeep) {
      const { implicitKey, inFlow } = ctx;
      const ss = typeof item.value === "string" ? item : Object.assign({}, item, { value: String(item.value) });
      let { type } = item;
      if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
        if (/[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u.test(ss.value))
          type = Scalar.Scalar.QUOTE_DOUBLE;
      }
      const _stringify = (_type) => {
        switch (_type) {
          case Scalar.Scalar.BLOCK_FOLDED:
          case Scalar.Scalar.BLOCK_LITERAL:
            return implicitKey || inFlow ? quotedString(ss.value, ctx) : blockString(ss, ctx, onComment, onChompKeep);
          case Scalar.Scalar.QUOTE_DOUBLE:
            return doubleQuotedString(ss.value, ctx);
          case Scalar.Scalar.QUOTE_SINGLE:
            return singleQuotedString(ss.value, ctx);
          case Scalar.Scalar.PLAIN:
            return plainString(ss, ctx, onComment, onChompKeep);
          default:
            return null;
        }
      };
      let res = _stringify(type);
      if (res === null) {
        const { defaultKeyType, defaultStringType } = ctx.options;
        const t = implicitKey && defaultKeyType || defaultStringType;
        res = _stringify(t);
        if (res === null)
          throw new Error(`Unsupported default string type ${t}`);
      }
      return res;
    }
    exports.stringifyString = stringifyString;
  }
});

// node_modules/yaml/dist/stringify/stringify.js
var require_stringify = __commonJS({
  "node_modules/yaml/dist/stringify/stringify.js"(exports) {
    "use strict";
    var anchors = require_anchors();
    var identity = require_identity();
    var stringifyComment = require_stringifyComment();
    var stringifyString = require_stringifyString();
    function createStringifyContext(doc, options) {
      const opt = Object.assign({
        blockQuote: true,
        commentString: stringifyComment.stringifyComment,
        defaultKeyType: null,
        defaultStringType: "PLAIN",
        directives: null,
        doubleQuotedAsJSON: false,
        doubleQuotedMinMultiLineLength: 40,
        falseStr: "false",
        flowCollectionPadding: true,
        indentSeq: true,
        lineWidth: 80,
        minContentWidth: 20,
        nullStr: "null",
        simpleKeys: false,
        singleQuote: null,
        trailingComma: false,
        trueStr: "true",
        verifyAliasOrder: true
      }, doc.schema.toStringOptions, options);
      let inFlow;
      switch (opt.collectionStyle) {
        case "block":
          inFlow = false;
          break;
        case "flow":
          inFlow = true;
          break;
        default:
          inFlow = null;
      }
      return {
        anchors: /* @__PURE__ */ new Set(),
        doc,
        flowCollectionPadding: opt.flowCollectionPadding ? " " : "",
        indent: "",
        indentStep: typeof opt.indent === "number" ? " ".repeat(opt.indent) : "  ",
        inFlow,
        options: opt
      };
    }
    function getTagObject(tags, item) {
      if (item.tag) {
        const match2 = tags.filter((t) => t.tag === item.tag);
        if (match2.length > 0)
          return match2.find((t) => t.format === item.format) ?? match2[0];
      }
      let tagObj = void 0;
      let obj;
      if (identity.isScalar(item)) {
        obj = item.value;
        let match2 = tags.filter((t) => t.identify?.(obj));
        if (match2.length > 1) {
          const testMatch = match2.filter((t) => t.test);
          if (testMatch.length > 0)
            match2 = testMatch;
        }
        tagObj = match2.find((t) => t.format === item.format) ?? match2.find((t) => !t.format);
      } else {
        obj = item;
        tagObj = tags.find((t) => t.nodeClass && obj instanceof t.nodeClass);
      }
      if (!tagObj) {
        const name = obj?.constructor?.name ?? (obj === null ? "null" : typeof obj);
        throw new Error(`Tag not resolved for ${name} value`);
      }
      return tagObj;
    }
    function stringifyProps(node, tagObj, { anchors: anchors$1, doc }) {
      if (!doc.directives)
        return "";
      const props = [];
      const anchor = (identity.isScalar(node) || identity.isCollection(node)) && node.anchor;
      if (anchor && anchors.anchorIsValid(anchor)) {
        anchors$1.add(anchor);
        props.push(`&${anchor}`);
      }
      const tag = node.tag ?? (tagObj.default ? null : tagObj.tag);
      if (tag)
        props.push(doc.directives.tagString(tag));
      return props.join(" ");
    }
    function stringify(item, ctx, onComment, onChompKeep) {
      if (identity.isPair(item))
        return item.toString(ctx, onComment, onChompKeep);
      if (identity.isAlias(item)) {
        if (ctx.doc.directives)
          return item.toString(ctx);
        if (ctx.resolvedAliases?.has(item)) {
          throw new TypeError(`Cannot stringify circular structure without alias nodes`);
        } else {
          if (ctx.resolvedAliases)
            ctx.resolvedAliases.add(item);
          else
            ctx.resolvedAliases = /* @__PURE__ */ new Set([item]);
          item = item.resolve(ctx.doc);
        }
      }
      let tagObj = void 0;
      const node = identity.isNode(item) ? item : ctx.doc.createNode(item, { onTagObj: (o) => tagObj = o });
      tagObj ?? (tagObj = getTagObject(ctx.doc.schema.tags, node));
      const props = stringifyProps(node, tagObj, ctx);
      if (props.length > 0)
        ctx.indentAtStart = (ctx.indentAtStart ?? 0) + props.length + 1;
      const str = typeof tagObj.stringify === "function" ? tagObj.stringify(node, ctx, onComment, onChompKeep) : identity.isScalar(node) ? stringifyString.stringifyString(node, ctx, onComment, onChompKeep) : node.toString(ctx, onComment, onChompKeep);
      if (!props)
        return str;
      return identity.isScalar(node) || str[0] === "{" || str[0] === "[" ? `${props} ${str}` : `${props}
${ctx.indent}${str}`;
    }
    exports.createStringifyContext = createStringifyContext;
    exports.stringify = stringify;
  }
});

// node_modules/yaml/dist/stringify/stringifyPair.js
var require_stringifyPair = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyPair.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyPair({ key, value }, ctx, onComment, onChompKeep) {
      const { allNullValues, doc, indent, indentStep, options: { commentString, indentSeq, simpleKeys } } = ctx;
      let keyComment = identity.isNode(key) && key.comment || null;
      if (simpleKeys) {
        if (keyComment) {
          throw new Error("With simple keys, key nodes cannot have comments");
        }
        if (identity.isCollection(key) || !identity.isNode(key) && typeof key === "object") {
          const msg = "With simple keys, collection cannot be used as a key value";
          throw new Error(msg);
        }
      }
      let explicitKey = !simpleKeys && (!key || keyComment && value == null && !ctx.inFlow || identity.isCollection(key) || (identity.isScalar(key) ? key.type === Scalar.Scalar.BLOCK_FOLDED || key.type === Scalar.Scalar.BLOCK_LITERAL : typeof key === "object"));
      ctx = Object.assign({}, ctx, {
        allNullValues: false,
        implicitKey: !explicitKey && (simpleKeys || !allNullValues),
        indent: indent + indentStep
      });
      let keyCommentDone = false;
      let chompKeep = false;
      let str = stringify.stringify(key, ctx, () => keyCommentDone = true, () => chompKeep = true);
      if (!explicitKey && !ctx.inFlow && str.length > 1024) {
        if (simpleKeys)
          throw new Error("With simple keys, single line scalar must not span more than 1024 characters");
        explicitKey = true;
      }
      if (ctx.inFlow) {
        if (allNullValues || value == null) {
          if (keyCommentDone && onComment)
            onComment();
          return str === "" ? "?" : explicitKey ? `? ${str}` : str;
        }
      } else if (allNullValues && !simpleKeys || value == null && explicitKey) {
        str = `? ${str}`;
        if (keyComment && !keyCommentDone) {
          str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
        } else if (chompKeep && onChompKeep)
          onChompKeep();
        return str;
      }
      if (keyCommentDone)
        keyComment = null;
      if (explicitKey) {
        if (keyComment)
          str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
        str = `? ${str}
${indent}:`;
      } else {
        str = `${str}:`;
        if (keyComment)
          str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
      }
      let vsb, vcb, valueComment;
      if (identity.isNode(value)) {
        vsb = !!value.spaceBefore;
        vcb = value.commentBefore;
        valueComment = value.comment;
      } else {
        vsb = false;
        vcb = null;
        valueComment = null;
        if (value && typeof value === "object")
          value = doc.createNode(value);
      }
      ctx.implicitKey = false;
      if (!explicitKey && !keyComment && identity.isScalar(value))
        ctx.indentAtStart = str.length + 1;
      chompKeep = false;
      if (!indentSeq && indentStep.length >= 2 && !ctx.inFlow && !explicitKey && identity.isSeq(value) && !value.flow && !value.tag && !value.anchor) {
        ctx.indent = ctx.indent.substring(2);
      }
      let valueCommentDone = false;
      const valueStr = stringify.stringify(value, ctx, () => valueCommentDone = true, () => chompKeep = true);
      let ws = " ";
      if (keyComment || vsb || vcb) {
        ws = vsb ? "\n" : "";
        if (vcb) {
          const cs = commentString(vcb);
          ws += `
${stringifyComment.indentComment(cs, ctx.indent)}`;
        }
        if (valueStr === "" && !ctx.inFlow) {
          if (ws === "\n" && valueComment)
            ws = "\n\n";
        } else {
          ws += `
${ctx.indent}`;
        }
      } else if (!explicitKey && identity.isCollection(value)) {
        const vs0 = valueStr[0];
        const nl0 = valueStr.indexOf("\n");
        const hasNewline = nl0 !== -1;
        const flow = ctx.inFlow ?? value.flow ?? value.items.length === 0;
        if (hasNewline || !flow) {
          let hasPropsLine = false;
          if (hasNewline && (vs0 === "&" || vs0 === "!")) {
            let sp0 = valueStr.indexOf(" ");
            if (vs0 === "&" && sp0 !== -1 && sp0 < nl0 && valueStr[sp0 + 1] === "!") {
              sp0 = valueStr.indexOf(" ", sp0 + 1);
            }
            if (sp0 === -1 || nl0 < sp0)
              hasPropsLine = true;
          }
          if (!hasPropsLine)
            ws = `
${ctx.indent}`;
        }
      } else if (valueStr === "" || valueStr[0] === "\n") {
        ws = "";
      }
      str += ws + valueStr;
      if (ctx.inFlow) {
        if (valueCommentDone && onComment)
          onComment();
      } else if (valueComment && !valueCommentDone) {
        str += stringifyComment.lineComment(str, ctx.indent, commentString(valueComment));
      } else if (chompKeep && onChompKeep) {
        onChompKeep();
      }
      return str;
    }
    exports.stringifyPair = stringifyPair;
  }
});

// node_modules/yaml/dist/log.js
var require_log = __commonJS({
  "node_modules/yaml/dist/log.js"(exports) {
    "use strict";
    var node_process = __require("process");
    function debug(logLevel, ...messages) {
      if (logLevel === "debug")
        console.log(...messages);
    }
    function warn(logLevel, warning) {
      if (logLevel === "debug" || logLevel === "warn") {
        if (typeof node_process.emitWarning === "function")
          node_process.emitWarning(warning);
        else
          console.warn(warning);
      }
    }
    exports.debug = debug;
    exports.warn = warn;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/merge.js
var require_merge = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/merge.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var MERGE_KEY = "<<";
    var merge = {
      identify: (value) => value === MERGE_KEY || typeof value === "symbol" && value.description === MERGE_KEY,
      default: "key",
      tag: "tag:yaml.org,2002:merge",
      test: /^<<$/,
      resolve: () => Object.assign(new Scalar.Scalar(Symbol(MERGE_KEY)), {
        addToJSMap: addMergeToJSMap
      }),
      stringify: () => MERGE_KEY
    };
    var isMergeKey = (ctx, key) => (merge.identify(key) || identity.isScalar(key) && (!key.type || key.type === Scalar.Scalar.PLAIN) && merge.identify(key.value)) && ctx?.doc.schema.tags.some((tag) => tag.tag === merge.tag && tag.default);
    function addMergeToJSMap(ctx, map, value) {
      const source = resolveAliasValue(ctx, value);
      if (identity.isSeq(source))
        for (const it of source.items)
          mergeValue(ctx, map, it);
      else if (Array.isArray(source))
        for (const it of source)
          mergeValue(ctx, map, it);
      else
        mergeValue(ctx, map, source);
    }
    function mergeValue(ctx, map, value) {
      const source = resolveAliasValue(ctx, value);
      if (!identity.isMap(source))
        throw new Error("Merge sources must be maps or map aliases");
      const srcMap = source.toJSON(null, ctx, Map);
      for (const [key, value2] of srcMap) {
        if (map instanceof Map) {
          if (!map.has(key))
            map.set(key, value2);
        } else if (map instanceof Set) {
          map.add(key);
        } else if (!Object.prototype.hasOwnProperty.call(map, key)) {
          Object.defineProperty(map, key, {
            value: value2,
            writable: true,
            enumerable: true,
            configurable: true
          });
        }
      }
      return map;
    }
    function resolveAliasValue(ctx, value) {
      return ctx && identity.isAlias(value) ? value.resolve(ctx.doc, ctx) : value;
    }
    exports.addMergeToJSMap = addMergeToJSMap;
    exports.isMergeKey = isMergeKey;
    exports.merge = merge;
  }
});

// node_modules/yaml/dist/nodes/addPairToJSMap.js
var require_addPairToJSMap = __commonJS({
  "node_modules/yaml/dist/nodes/addPairToJSMap.js"(exports) {
    "use strict";
    var log = require_log();
    var merge = require_merge();
    var stringify = require_stringify();
    var identity = require_identity();
    var toJS = require_toJS();
    function addPairToJSMap(ctx, map, { key, value }) {
      if (identity.isNode(key) && key.addToJSMap)
        key.addToJSMap(ctx, map, value);
      else if (merge.isMergeKey(ctx, key))
        merge.addMergeToJSMap(ctx, map, value);
      else {
        const jsKey = toJS.toJS(key, "", ctx);
        if (map instanceof Map) {
          map.set(jsKey, toJS.toJS(value, jsKey, ctx));
        } else if (map instanceof Set) {
          map.add(jsKey);
        } else {
          const stringKey = stringifyKey(key, jsKey, ctx);
          const jsValue = toJS.toJS(value, stringKey, ctx);
          if (stringKey in map)
            Object.defineProperty(map, stringKey, {
              value: jsValue,
              writable: true,
              enumerable: true,
              configurable: true
            });
          else
            map[stringKey] = jsValue;
        }
      }
      return map;
    }
    function stringifyKey(key, jsKey, ctx) {
      if (jsKey === null)
        return "";
      if (typeof jsKey !== "object")
        return String(jsKey);
      if (identity.isNode(key) && ctx?.doc) {
        const strCtx = stringify.createStringifyContext(ctx.doc, {});
        strCtx.anchors = /* @__PURE__ */ new Set();
        for (const node of ctx.anchors.keys())
          strCtx.anchors.add(node.anchor);
        strCtx.inFlow = true;
        strCtx.inStringifyKey = true;
        const strKey = key.toString(strCtx);
        if (!ctx.mapKeyWarned) {
          let jsonStr = JSON.stringify(strKey);
          if (jsonStr.length > 40)
            jsonStr = jsonStr.substring(0, 36) + '..."';
          log.warn(ctx.doc.options.logLevel, `Keys with collection values will be stringified due to JS Object restrictions: ${jsonStr}. Set mapAsMap: true to use object keys.`);
          ctx.mapKeyWarned = true;
        }
        return strKey;
      }
      return JSON.stringify(jsKey);
    }
    exports.addPairToJSMap = addPairToJSMap;
  }
});

// node_modules/yaml/dist/nodes/Pair.js
var require_Pair = __commonJS({
  "node_modules/yaml/dist/nodes/Pair.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var stringifyPair = require_stringifyPair();
    var addPairToJSMap = require_addPairToJSMap();
    var identity = require_identity();
    function createPair(key, value, ctx) {
      const k = createNode.createNode(key, void 0, ctx);
      const v = createNode.createNode(value, void 0, ctx);
      return new Pair(k, v);
    }
    var Pair = class _Pair {
      constructor(key, value = null) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.PAIR });
        this.key = key;
        this.value = value;
      }
      clone(schema) {
        let { key, value } = this;
        if (identity.isNode(key))
          key = key.clone(schema);
        if (identity.isNode(value))
          value = value.clone(schema);
        return new _Pair(key, value);
      }
      toJSON(_, ctx) {
        const pair = ctx?.mapAsMap ? /* @__PURE__ */ new Map() : {};
        return addPairToJSMap.addPairToJSMap(ctx, pair, this);
      }
      toString(ctx, onComment, onChompKeep) {
        return ctx?.doc ? stringifyPair.stringifyPair(this, ctx, onComment, onChompKeep) : JSON.stringify(this);
      }
    };
    exports.Pair = Pair;
    exports.createPair = createPair;
  }
});

// node_modules/yaml/dist/stringify/stringifyCollection.js
var require_stringifyCollection = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyCollection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyCollection(collection, ctx, options) {
      const flow = ctx.inFlow ?? collection.flow;
      const stringify2 = flow ? stringifyFlowCollection : stringifyBlockCollection;
      return stringify2(collection, ctx, options);
    }
    function stringifyBlockCollection({ comment, items }, ctx, { blockItemPrefix, flowChars, itemIndent, onChompKeep, onComment }) {
      const { indent, options: { commentString } } = ctx;
      const itemCtx = Object.assign({}, ctx, { indent: itemIndent, type: null });
      let chompKeep = false;
      const lines = [];
      for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment2 = null;
        if (identity.isNode(item)) {
          if (!chompKeep && item.spaceBefore)
            lines.push("");
          addCommentBefore(ctx, lines, item.commentBefore, chompKeep);
          if (item.comment)
            comment2 = item.comment;
        } else if (identity.isPair(item)) {
          const ik = identity.isNode(item.key) ? item.key : null;
          if (ik) {
            if (!chompKeep && ik.spaceBefore)
              lines.push("");
            addCommentBefore(ctx, lines, ik.commentBefore, chompKeep);
          }
        }
        chompKeep = false;
        let str2 = stringify.stringify(item, itemCtx, () => comment2 = null, () => chompKeep = true);
        if (comment2)
          str2 += stringifyComment.lineComment(str2, itemIndent, commentString(comment2));
        if (chompKeep && comment2)
          chompKeep = false;
        lines.push(blockItemPrefix + str2);
      }
      let str;
      if (lines.length === 0) {
        str = flowChars.start + flowChars.end;
      } else {
        str = lines[0];
        for (let i = 1; i < lines.length; ++i) {
          const line = lines[i];
          str += line ? `
${indent}${line}` : "\n";
        }
      }
      if (comment) {
        str += "\n" + stringifyComment.indentComment(commentString(comment), indent);
        if (onComment)
          onComment();
      } else if (chompKeep && onChompKeep)
        onChompKeep();
      return str;
    }
    function stringifyFlowCollection({ items }, ctx, { flowChars, itemIndent }) {
      const { indent, indentStep, flowCollectionPadding: fcPadding, options: { commentString } } = ctx;
      itemIndent += indentStep;
      const itemCtx = Object.assign({}, ctx, {
        indent: itemIndent,
        inFlow: true,
        type: null
      });
      let reqNewline = false;
      let linesAtValue = 0;
      const lines = [];
      for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment = null;
        if (identity.isNode(item)) {
          if (item.spaceBefore)
            lines.push("");
          addCommentBefore(ctx, lines, item.commentBefore, false);
          if (item.comment)
            comment = item.comment;
        } else if (identity.isPair(item)) {
          const ik = identity.isNode(item.key) ? item.key : null;
          if (ik) {
            if (ik.spaceBefore)
              lines.push("");
            addCommentBefore(ctx, lines, ik.commentBefore, false);
            if (ik.comment)
              reqNewline = true;
          }
          const iv = identity.isNode(item.value) ? item.value : null;
          if (iv) {
            if (iv.comment)
              comment = iv.comment;
            if (iv.commentBefore)
              reqNewline = true;
          } else if (item.value == null && ik?.comment) {
            comment = ik.comment;
          }
        }
        if (comment)
          reqNewline = true;
        let str = stringify.stringify(item, itemCtx, () => comment = null);
        reqNewline || (reqNewline = lines.length > linesAtValue || str.includes("\n"));
        if (i < items.length - 1) {
          str += ",";
        } else if (ctx.options.trailingComma) {
          if (ctx.options.lineWidth > 0) {
            reqNewline || (reqNewline = lines.reduce((sum, line) => sum + line.length + 2, 2) + (str.length + 2) > ctx.options.lineWidth);
          }
          if (reqNewline) {
            str += ",";
          }
        }
        if (comment)
          str += stringifyComment.lineComment(str, itemIndent, commentString(comment));
        lines.push(str);
        linesAtValue = lines.length;
      }
      const { start, end } = flowChars;
      if (lines.length === 0) {
        return start + end;
      } else {
        if (!reqNewline) {
          const len = lines.reduce((sum, line) => sum + line.length + 2, 2);
          reqNewline = ctx.options.lineWidth > 0 && len > ctx.options.lineWidth;
        }
        if (reqNewline) {
          let str = start;
          for (const line of lines)
            str += line ? `
${indentStep}${indent}${line}` : "\n";
          return `${str}
${indent}${end}`;
        } else {
          return `${start}${fcPadding}${lines.join(" ")}${fcPadding}${end}`;
        }
      }
    }
    function addCommentBefore({ indent, options: { commentString } }, lines, comment, chompKeep) {
      if (comment && chompKeep)
        comment = comment.replace(/^\n+/, "");
      if (comment) {
        const ic = stringifyComment.indentComment(commentString(comment), indent);
        lines.push(ic.trimStart());
      }
    }
    exports.stringifyCollection = stringifyCollection;
  }
});

// node_modules/yaml/dist/nodes/YAMLMap.js
var require_YAMLMap = __commonJS({
  "node_modules/yaml/dist/nodes/YAMLMap.js"(exports) {
    "use strict";
    var stringifyCollection = require_stringifyCollection();
    var addPairToJSMap = require_addPairToJSMap();
    var Collection = require_Collection();
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    function findPair(items, key) {
      const k = identity.isScalar(key) ? key.value : key;
      for (const it of items) {
        if (identity.isPair(it)) {
          if (it.key === key || it.key === k)
            return it;
          if (identity.isScalar(it.key) && it.key.value === k)
            return it;
        }
      }
      return void 0;
    }
    var YAMLMap = class extends Collection.Collection {
      static get tagName() {
        return "tag:yaml.org,2002:map";
      }
      constructor(schema) {
        super(identity.MAP, schema);
        this.items = [];
      }
      /**
       * A generic collection parsing method that can be extended
       * to other node classes that inherit from YAMLMap
       */
      static from(schema, obj, ctx) {
        const { keepUndefined, replacer } = ctx;
        const map = new this(schema);
        const add = (key, value) => {
          if (typeof replacer === "function")
            value = replacer.call(obj, key, value);
          else if (Array.isArray(replacer) && !replacer.includes(key))
            return;
          if (value !== void 0 || keepUndefined)
            map.items.push(Pair.createPair(key, value, ctx));
        };
        if (obj instanceof Map) {
          for (const [key, value] of obj)
            add(key, value);
        } else if (obj && typeof obj === "object") {
          for (const key of Object.keys(obj))
            add(key, obj[key]);
        }
        if (typeof schema.sortMapEntries === "function") {
          map.items.sort(schema.sortMapEntries);
        }
        return map;
      }
      /**
       * Adds a value to the collection.
       *
       * @param overwrite - If not set `true`, using a key that is already in the
       *   collection will throw. Otherwise, overwrites the previous value.
       */
      add(pair, overwrite) {
        let _pair;
        if (identity.isPair(pair))
          _pair = pair;
        else if (!pair || typeof pair !== "object" || !("key" in pair)) {
          _pair = new Pair.Pair(pair, pair?.value);
        } else
          _pair = new Pair.Pair(pair.key, pair.value);
        const prev = findPair(this.items, _pair.key);
        const sortEntries = this.schema?.sortMapEntries;
        if (prev) {
          if (!overwrite)
            throw new Error(`Key ${_pair.key} already set`);
          if (identity.isScalar(prev.value) && Scalar.isScalarValue(_pair.value))
            prev.value.value = _pair.value;
          else
            prev.value = _pair.value;
        } else if (sortEntries) {
          const i = this.items.findIndex((item) => sortEntries(_pair, item) < 0);
          if (i === -1)
            this.items.push(_pair);
          else
            this.items.splice(i, 0, _pair);
        } else {
          this.items.push(_pair);
        }
      }
      delete(key) {
        const it = findPair(this.items, key);
        if (!it)
          return false;
        const del = this.items.splice(this.items.indexOf(it), 1);
        return del.length > 0;
      }
      get(key, keepScalar) {
        const it = findPair(this.items, key);
        const node = it?.value;
        return (!keepScalar && identity.isScalar(node) ? node.value : node) ?? void 0;
      }
      has(key) {
        return !!findPair(this.items, key);
      }
      set(key, value) {
        this.add(new Pair.Pair(key, value), true);
      }
      /**
       * @param ctx - Conversion context, originally set in Document#toJS()
       * @param {Class} Type - If set, forces the returned collection type
       * @returns Instance of Type, Map, or Object
       */
      toJSON(_, ctx, Type) {
        const map = Type ? new Type() : ctx?.mapAsMap ? /* @__PURE__ */ new Map() : {};
        if (ctx?.onCreate)
          ctx.onCreate(map);
        for (const item of this.items)
          addPairToJSMap.addPairToJSMap(ctx, map, item);
        return map;
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        for (const item of this.items) {
          if (!identity.isPair(item))
            throw new Error(`Map items must all be pairs; found ${JSON.stringify(item)} instead`);
        }
        if (!ctx.allNullValues && this.hasAllNullValues(false))
          ctx = Object.assign({}, ctx, { allNullValues: true });
        return stringifyCollection.stringifyCollection(this, ctx, {
          blockItemPrefix: "",
          flowChars: { start: "{", end: "}" },
          itemIndent: ctx.indent || "",
          onChompKeep,
          onComment
        });
      }
    };
    exports.YAMLMap = YAMLMap;
    exports.findPair = findPair;
  }
});

// node_modules/yaml/dist/schema/common/map.js
var require_map = __commonJS({
  "node_modules/yaml/dist/schema/common/map.js"(exports) {
    "use strict";
    var identity = require_identity();
    var YAMLMap = require_YAMLMap();
    var map = {
      collection: "map",
      default: true,
      nodeClass: YAMLMap.YAMLMap,
      tag: "tag:yaml.org,2002:map",
      resolve(map2, onError) {
        if (!identity.isMap(map2))
          onError("Expected a mapping for this tag");
        return map2;
      },
      createNode: (schema, obj, ctx) => YAMLMap.YAMLMap.from(schema, obj, ctx)
    };
    exports.map = map;
  }
});

// node_modules/yaml/dist/nodes/YAMLSeq.js
var require_YAMLSeq = __commonJS({
  "node_modules/yaml/dist/nodes/YAMLSeq.js"(exports) {
    "use strict";
    var createNode = require_createNode();
    var stringifyCollection = require_stringifyCollection();
    var Collection = require_Collection();
    var identity = require_identity();
    var Scalar = require_Scalar();
    var toJS = require_toJS();
    var YAMLSeq = class extends Collection.Collection {
      static get tagName() {
        return "tag:yaml.org,2002:seq";
      }
      constructor(schema) {
        super(identity.SEQ, schema);
        this.items = [];
      }
      add(value) {
        this.items.push(value);
      }
      /**
       * Removes a value from the collection.
       *
       * `key` must contain a representation of an integer for this to succeed.
       * It may be wrapped in a `Scalar`.
       *
       * @returns `true` if the item was found and removed.
       */
      delete(key) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          return false;
        const del = this.items.splice(idx, 1);
        return del.length > 0;
      }
      get(key, keepScalar) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          return void 0;
        const it = this.items[idx];
        return !keepScalar && identity.isScalar(it) ? it.value : it;
      }
      /**
       * Checks if the collection includes a value with the key `key`.
       *
       * `key` must contain a representation of an integer for this to succeed.
       * It may be wrapped in a `Scalar`.
       */
      has(key) {
        const idx = asItemIndex(key);
        return typeof idx === "number" && idx < this.items.length;
      }
      /**
       * Sets a value in this collection. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       *
       * If `key` does not contain a representation of an integer, this will throw.
       * It may be wrapped in a `Scalar`.
       */
      set(key, value) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          throw new Error(`Expected a valid index, not ${key}.`);
        const prev = this.items[idx];
        if (identity.isScalar(prev) && Scalar.isScalarValue(value))
          prev.value = value;
        else
          this.items[idx] = value;
      }
      toJSON(_, ctx) {
        const seq = [];
        if (ctx?.onCreate)
          ctx.onCreate(seq);
        let i = 0;
        for (const item of this.items)
          seq.push(toJS.toJS(item, String(i++), ctx));
        return seq;
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        return stringifyCollection.stringifyCollection(this, ctx, {
          blockItemPrefix: "- ",
          flowChars: { start: "[", end: "]" },
          itemIndent: (ctx.indent || "") + "  ",
          onChompKeep,
          onComment
        });
      }
      static from(schema, obj, ctx) {
        const { replacer } = ctx;
        const seq = new this(schema);
        if (obj && Symbol.iterator in Object(obj)) {
          let i = 0;
          for (let it of obj) {
            if (typeof replacer === "function") {
              const key = obj instanceof Set ? it : String(i++);
              it = replacer.call(obj, key, it);
            }
            seq.items.push(createNode.createNode(it, void 0, ctx));
          }
        }
        return seq;
      }
    };
    function asItemIndex(key) {
      let idx = identity.isScalar(key) ? key.value : key;
      if (idx && typeof idx === "string")
        idx = Number(idx);
      return typeof idx === "number" && Number.isInteger(idx) && idx >= 0 ? idx : null;
    }
    exports.YAMLSeq = YAMLSeq;
  }
});

// node_modules/yaml/dist/schema/common/seq.js
var require_seq = __commonJS({
  "node_modules/yaml/dist/schema/common/seq.js"(exports) {
    "use strict";
    var identity = require_identity();
    var YAMLSeq = require_YAMLSeq();
    var seq = {
      collection: "seq",
      default: true,
      nodeClass: YAMLSeq.YAMLSeq,
      tag: "tag:yaml.org,2002:seq",
      resolve(seq2, onError) {
        if (!identity.isSeq(seq2))
          onError("Expected a sequence for this tag");
        return seq2;
      },
      createNode: (schema, obj, ctx) => YAMLSeq.YAMLSeq.from(schema, obj, ctx)
    };
    exports.seq = seq;
  }
});

// node_modules/yaml/dist/schema/common/string.js
var require_string = __commonJS({
  "node_modules/yaml/dist/schema/common/string.js"(exports) {
    "use strict";
    var stringifyString = require_stringifyString();
    var string = {
      identify: (value) => typeof value === "string",
      default: true,
      tag: "tag:yaml.org,2002:str",
      resolve: (str) => str,
      stringify(item, ctx, onComment, onChompKeep) {
        ctx = Object.assign({ actualString: true }, ctx);
        return stringifyString.stringifyString(item, ctx, onComment, onChompKeep);
      }
    };
    exports.string = string;
  }
});

// node_modules/yaml/dist/schema/common/null.js
var require_null = __commonJS({
  "node_modules/yaml/dist/schema/common/null.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var nullTag = {
      identify: (value) => value == null,
      createNode: () => new Scalar.Scalar(null),
      default: true,
      tag: "tag:yaml.org,2002:null",
      test: /^(?:~|[Nn]ull|NULL)?$/,
      resolve: () => new Scalar.Scalar(null),
      stringify: ({ source }, ctx) => typeof source === "string" && nullTag.test.test(source) ? source : ctx.options.nullStr
    };
    exports.nullTag = nullTag;
  }
});

// node_modules/yaml/dist/schema/core/bool.js
var require_bool = __commonJS({
  "node_modules/yaml/dist/schema/core/bool.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var boolTag = {
      identify: (value) => typeof value === "boolean",
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
      resolve: (str) => new Scalar.Scalar(str[0] === "t" || str[0] === "T"),
      stringify({ source, value }, ctx) {
        if (source && boolTag.test.test(source)) {
          const sv = source[0] === "t" || source[0] === "T";
          if (value === sv)
            return source;
        }
        return value ? ctx.options.trueStr : ctx.options.falseStr;
      }
    };
    exports.boolTag = boolTag;
  }
});

// node_modules/yaml/dist/stringify/stringifyNumber.js
var require_stringifyNumber = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyNumber.js"(exports) {
    "use strict";
    function stringifyNumber({ format, minFractionDigits, tag, value }) {
      if (typeof value === "bigint")
        return String(value);
      const num = typeof value === "number" ? value : Number(value);
      if (!isFinite(num))
        return isNaN(num) ? ".nan" : num < 0 ? "-.inf" : ".inf";
      let n = Object.is(value, -0) ? "-0" : JSON.stringify(value);
      if (!format && minFractionDigits && (!tag || tag === "tag:yaml.org,2002:float") && /^-?\d/.test(n) && !n.includes("e")) {
        let i = n.indexOf(".");
        if (i < 0) {
          i = n.length;
          n += ".";
        }
        let d = minFractionDigits - (n.length - i - 1);
        while (d-- > 0)
          n += "0";
      }
      return n;
    }
    exports.stringifyNumber = stringifyNumber;
  }
});

// node_modules/yaml/dist/schema/core/float.js
var require_float = __commonJS({
  "node_modules/yaml/dist/schema/core/float.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var stringifyNumber = require_stringifyNumber();
    var floatNaN = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
      resolve: (str) => str.slice(-3).toLowerCase() === "nan" ? NaN : str[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
      stringify: stringifyNumber.stringifyNumber
    };
    var floatExp = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "EXP",
      test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
      resolve: (str) => parseFloat(str),
      stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
      }
    };
    var float = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
      resolve(str) {
        const node = new Scalar.Scalar(parseFloat(str));
        const dot = str.indexOf(".");
        if (dot !== -1 && str[str.length - 1] === "0")
          node.minFractionDigits = str.length - dot - 1;
        return node;
      },
      stringify: stringifyNumber.stringifyNumber
    };
    exports.float = float;
    exports.floatExp = floatExp;
    exports.floatNaN = floatNaN;
  }
});

// node_modules/yaml/dist/schema/core/int.js
var require_int = __commonJS({
  "node_modules/yaml/dist/schema/core/int.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    var intIdentify = (value) => typeof value === "bigint" || Number.isInteger(value);
    var intResolve = (str, offset, radix, { intAsBigInt }) => intAsBigInt ? BigInt(str) : parseInt(str.substring(offset), radix);
    function intStringify(node, radix, prefix) {
      const { value } = node;
      if (intIdentify(value) && value >= 0)
        return prefix + value.toString(radix);
      return stringifyNumber.stringifyNumber(node);
    }
    var intOct = {
      identify: (value) => intIdentify(value) && value >= 0,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "OCT",
      test: /^0o[0-7]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 8, opt),
      stringify: (node) => intStringify(node, 8, "0o")
    };
    var int = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      test: /^[-+]?[0-9]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
      stringify: stringifyNumber.stringifyNumber
    };
    var intHex = {
      identify: (value) => intIdentify(value) && value >= 0,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "HEX",
      test: /^0x[0-9a-fA-F]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
      stringify: (node) => intStringify(node, 16, "0x")
    };
    exports.int = int;
    exports.intHex = intHex;
    exports.intOct = intOct;
  }
});

// node_modules/yaml/dist/schema/core/schema.js
var require_schema = __commonJS({
  "node_modules/yaml/dist/schema/core/schema.js"(exports) {
    "use strict";
    var map = require_map();
    var _null = require_null();
    var seq = require_seq();
    var string = require_string();
    var bool = require_bool();
    var float = require_float();
    var int = require_int();
    var schema = [
      map.map,
      seq.seq,
      string.string,
      _null.nullTag,
      bool.boolTag,
      int.intOct,
      int.int,
      int.intHex,
      float.floatNaN,
      float.floatExp,
      float.float
    ];
    exports.schema = schema;
  }
});

// node_modules/yaml/dist/schema/json/schema.js
var require_schema2 = __commonJS({
  "node_modules/yaml/dist/schema/json/schema.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var map = require_map();
    var seq = require_seq();
    function intIdentify(value) {
      return typeof value === "bigint" || Number.isInteger(value);
    }
    var stringifyJSON = ({ value }) => JSON.stringify(value);
    var jsonScalars = [
      {
        identify: (value) => typeof value === "string",
        default: true,
        tag: "tag:yaml.org,2002:str",
        resolve: (str) => str,
        stringify: stringifyJSON
      },
      {
        identify: (value) => value == null,
        createNode: () => new Scalar.Scalar(null),
        default: true,
        tag: "tag:yaml.org,2002:null",
        test: /^null$/,
        resolve: () => null,
        stringify: stringifyJSON
      },
      {
        identify: (value) => typeof value === "boolean",
        default: true,
        tag: "tag:yaml.org,2002:bool",
        test: /^true$|^false$/,
        resolve: (str) => str === "true",
        stringify: stringifyJSON
      },
      {
        identify: intIdentify,
        default: true,
        tag: "tag:yaml.org,2002:int",
        test: /^-?(?:0|[1-9][0-9]*)$/,
        resolve: (str, _onError, { intAsBigInt }) => intAsBigInt ? BigInt(str) : parseInt(str, 10),
        stringify: ({ value }) => intIdentify(value) ? value.toString() : JSON.stringify(value)
      },
      {
        identify: (value) => typeof value === "number",
        default: true,
        tag: "tag:yaml.org,2002:float",
        test: /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$/,
        resolve: (str) => parseFloat(str),
        stringify: stringifyJSON
      }
    ];
    var jsonError = {
      default: true,
      tag: "",
      test: /^/,
      resolve(str, onError) {
        onError(`Unresolved plain scalar ${JSON.stringify(str)}`);
        return str;
      }
    };
    var schema = [map.map, seq.seq].concat(jsonScalars, jsonError);
    exports.schema = schema;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/binary.js
var require_binary = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/binary.js"(exports) {
    "use strict";
    var node_buffer = __require("buffer");
    var Scalar = require_Scalar();
    var stringifyString = require_stringifyString();
    var binary = {
      identify: (value) => value instanceof Uint8Array,
      // Buffer inherits from Uint8Array
      default: false,
      tag: "tag:yaml.org,2002:binary",
      /**
       * Returns a Buffer in node and an Uint8Array in browsers
       *
       * To use the resulting buffer as an image, you'll want to do something like:
       *
       *   const blob = new Blob([buffer], { type: 'image/jpeg' })
       *   document.querySelector('#photo').src = URL.createObjectURL(blob)
       */
      resolve(src, onError) {
        if (typeof node_buffer.Buffer === "function") {
          return node_buffer.Buffer.from(src, "base64");
        } else if (typeof atob === "function") {
          const str = atob(src.replace(/[\n\r]/g, ""));
          const buffer = new Uint8Array(str.length);
          for (let i = 0; i < str.length; ++i)
            buffer[i] = str.charCodeAt(i);
          return buffer;
        } else {
          onError("This environment does not support reading binary tags; either Buffer or atob is required");
          return src;
        }
      },
      stringify({ comment, type, value }, ctx, onComment, onChompKeep) {
        if (!value)
          return "";
        const buf = value;
        let str;
        if (typeof node_buffer.Buffer === "function") {
          str = buf instanceof node_buffer.Buffer ? buf.toString("base64") : node_buffer.Buffer.from(buf.buffer).toString("base64");
        } else if (typeof btoa === "function") {
          let s = "";
          for (let i = 0; i < buf.length; ++i)
            s += String.fromCharCode(buf[i]);
          str = btoa(s);
        } else {
          throw new Error("This environment does not support writing binary tags; either Buffer or btoa is required");
        }
        type ?? (type = Scalar.Scalar.BLOCK_LITERAL);
        if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
          const lineWidth = Math.max(ctx.options.lineWidth - ctx.indent.length, ctx.options.minContentWidth);
          const n = Math.ceil(str.length / lineWidth);
          const lines = new Array(n);
          for (let i = 0, o = 0; i < n; ++i, o += lineWidth) {
            lines[i] = str.substr(o, lineWidth);
          }
          str = lines.join(type === Scalar.Scalar.BLOCK_LITERAL ? "\n" : " ");
        }
        return stringifyString.stringifyString({ comment, type, value: str }, ctx, onComment, onChompKeep);
      }
    };
    exports.binary = binary;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/pairs.js
var require_pairs = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/pairs.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    var YAMLSeq = require_YAMLSeq();
    function resolvePairs(seq, onError) {
      if (identity.isSeq(seq)) {
        for (let i = 0; i < seq.items.length; ++i) {
          let item = seq.items[i];
          if (identity.isPair(item))
            continue;
          else if (identity.isMap(item)) {
            if (item.items.length > 1)
              onError("Each pair must have its own sequence indicator");
            const pair = item.items[0] || new Pair.Pair(new Scalar.Scalar(null));
            if (item.commentBefore)
              pair.key.commentBefore = pair.key.commentBefore ? `${item.commentBefore}
${pair.key.commentBefore}` : item.commentBefore;
            if (item.comment) {
              const cn = pair.value ?? pair.key;
              cn.comment = cn.comment ? `${item.comment}
${cn.comment}` : item.comment;
            }
            item = pair;
          }
          seq.items[i] = identity.isPair(item) ? item : new Pair.Pair(item);
        }
      } else
        onError("Expected a sequence for this tag");
      return seq;
    }
    function createPairs(schema, iterable, ctx) {
      const { replacer } = ctx;
      const pairs2 = new YAMLSeq.YAMLSeq(schema);
      pairs2.tag = "tag:yaml.org,2002:pairs";
      let i = 0;
      if (iterable && Symbol.iterator in Object(iterable))
        for (let it of iterable) {
          if (typeof replacer === "function")
            it = replacer.call(iterable, String(i++), it);
          let key, value;
          if (Array.isArray(it)) {
            if (it.length === 2) {
              key = it[0];
              value = it[1];
            } else
              throw new TypeError(`Expected [key, value] tuple: ${it}`);
          } else if (it && it instanceof Object) {
            const keys = Object.keys(it);
            if (keys.length === 1) {
              key = keys[0];
              value = it[key];
            } else {
              throw new TypeError(`Expected tuple with one key, not ${keys.length} keys`);
            }
          } else {
            key = it;
          }
          pairs2.items.push(Pair.createPair(key, value, ctx));
        }
      return pairs2;
    }
    var pairs = {
      collection: "seq",
      default: false,
      tag: "tag:yaml.org,2002:pairs",
      resolve: resolvePairs,
      createNode: createPairs
    };
    exports.createPairs = createPairs;
    exports.pairs = pairs;
    exports.resolvePairs = resolvePairs;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/omap.js
var require_omap = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/omap.js"(exports) {
    "use strict";
    var identity = require_identity();
    var toJS = require_toJS();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var pairs = require_pairs();
    var YAMLOMap = class _YAMLOMap extends YAMLSeq.YAMLSeq {
      constructor() {
        super();
        this.add = YAMLMap.YAMLMap.prototype.add.bind(this);
        this.delete = YAMLMap.YAMLMap.prototype.delete.bind(this);
        this.get = YAMLMap.YAMLMap.prototype.get.bind(this);
        this.has = YAMLMap.YAMLMap.prototype.has.bind(this);
        this.set = YAMLMap.YAMLMap.prototype.set.bind(this);
        this.tag = _YAMLOMap.tag;
      }
      /**
       * If `ctx` is given, the return type is actually `Map<unknown, unknown>`,
       * but TypeScript won't allow widening the signature of a child method.
       */
      toJSON(_, ctx) {
        if (!ctx)
          return super.toJSON(_);
        const map = /* @__PURE__ */ new Map();
        if (ctx?.onCreate)
          ctx.onCreate(map);
        for (const pair of this.items) {
          let key, value;
          if (identity.isPair(pair)) {
            key = toJS.toJS(pair.key, "", ctx);
            value = toJS.toJS(pair.value, key, ctx);
          } else {
            key = toJS.toJS(pair, "", ctx);
          }
          if (map.has(key))
            throw new Error("Ordered maps must not include duplicate keys");
          map.set(key, value);
        }
        return map;
      }
      static from(schema, iterable, ctx) {
        const pairs$1 = pairs.createPairs(schema, iterable, ctx);
        const omap2 = new this();
        omap2.items = pairs$1.items;
        return omap2;
      }
    };
    YAMLOMap.tag = "tag:yaml.org,2002:omap";
    var omap = {
      collection: "seq",
      identify: (value) => value instanceof Map,
      nodeClass: YAMLOMap,
      default: false,
      tag: "tag:yaml.org,2002:omap",
      resolve(seq, onError) {
        const pairs$1 = pairs.resolvePairs(seq, onError);
        const seenKeys = [];
        for (const { key } of pairs$1.items) {
          if (identity.isScalar(key)) {
            if (seenKeys.includes(key.value)) {
              onError(`Ordered maps must not include duplicate keys: ${key.value}`);
            } else {
              seenKeys.push(key.value);
            }
          }
        }
        return Object.assign(new YAMLOMap(), pairs$1);
      },
      createNode: (schema, iterable, ctx) => YAMLOMap.from(schema, iterable, ctx)
    };
    exports.YAMLOMap = YAMLOMap;
    exports.omap = omap;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/bool.js
var require_bool2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/bool.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    function boolStringify({ value, source }, ctx) {
      const boolObj = value ? trueTag : falseTag;
      if (source && boolObj.test.test(source))
        return source;
      return value ? ctx.options.trueStr : ctx.options.falseStr;
    }
    var trueTag = {
      identify: (value) => value === true,
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
      resolve: () => new Scalar.Scalar(true),
      stringify: boolStringify
    };
    var falseTag = {
      identify: (value) => value === false,
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
      resolve: () => new Scalar.Scalar(false),
      stringify: boolStringify
    };
    exports.falseTag = falseTag;
    exports.trueTag = trueTag;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/float.js
var require_float2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/float.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var stringifyNumber = require_stringifyNumber();
    var floatNaN = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
      resolve: (str) => str.slice(-3).toLowerCase() === "nan" ? NaN : str[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
      stringify: stringifyNumber.stringifyNumber
    };
    var floatExp = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "EXP",
      test: /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
      resolve: (str) => parseFloat(str.replace(/_/g, "")),
      stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
      }
    };
    var float = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
      resolve(str) {
        const node = new Scalar.Scalar(parseFloat(str.replace(/_/g, "")));
        const dot = str.indexOf(".");
        if (dot !== -1) {
          const f = str.substring(dot + 1).replace(/_/g, "");
          if (f[f.length - 1] === "0")
            node.minFractionDigits = f.length;
        }
        return node;
      },
      stringify: stringifyNumber.stringifyNumber
    };
    exports.float = float;
    exports.floatExp = floatExp;
    exports.floatNaN = floatNaN;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/int.js
var require_int2 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/int.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    var intIdentify = (value) => typeof value === "bigint" || Number.isInteger(value);
    function intResolve(str, offset, radix, { intAsBigInt }) {
      const sign = str[0];
      if (sign === "-" || sign === "+")
        offset += 1;
      str = str.substring(offset).replace(/_/g, "");
      if (intAsBigInt) {
        switch (radix) {
          case 2:
            str = `0b${str}`;
            break;
          case 8:
            str = `0o${str}`;
            break;
          case 16:
            str = `0x${str}`;
            break;
        }
        const n2 = BigInt(str);
        return sign === "-" ? BigInt(-1) * n2 : n2;
      }
      const n = parseInt(str, radix);
      return sign === "-" ? -1 * n : n;
    }
    function intStringify(node, radix, prefix) {
      const { value } = node;
      if (intIdentify(value)) {
        const str = value.toString(radix);
        return value < 0 ? "-" + prefix + str.substr(1) : prefix + str;
      }
      return stringifyNumber.stringifyNumber(node);
    }
    var intBin = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "BIN",
      test: /^[-+]?0b[0-1_]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 2, opt),
      stringify: (node) => intStringify(node, 2, "0b")
    };
    var intOct = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "OCT",
      test: /^[-+]?0[0-7_]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 1, 8, opt),
      stringify: (node) => intStringify(node, 8, "0")
    };
    var int = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      test: /^[-+]?[0-9][0-9_]*$/,
      resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
      stringify: stringifyNumber.stringifyNumber
    };
    var intHex = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "HEX",
      test: /^[-+]?0x[0-9a-fA-F_]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
      stringify: (node) => intStringify(node, 16, "0x")
    };
    exports.int = int;
    exports.intBin = intBin;
    exports.intHex = intHex;
    exports.intOct = intOct;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/set.js
var require_set = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/set.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var YAMLSet = class _YAMLSet extends YAMLMap.YAMLMap {
      constructor(schema) {
        super(schema);
        this.tag = _YAMLSet.tag;
      }
      add(key) {
        let pair;
        if (identity.isPair(key))
          pair = key;
        else if (key && typeof key === "object" && "key" in key && "value" in key && key.value === null)
          pair = new Pair.Pair(key.key, null);
        else
          pair = new Pair.Pair(key, null);
        const prev = YAMLMap.findPair(this.items, pair.key);
        if (!prev)
          this.items.push(pair);
      }
      /**
       * If `keepPair` is `true`, returns the Pair matching `key`.
       * Otherwise, returns the value of that Pair's key.
       */
      get(key, keepPair) {
        const pair = YAMLMap.findPair(this.items, key);
        return !keepPair && identity.isPair(pair) ? identity.isScalar(pair.key) ? pair.key.value : pair.key : pair;
      }
      set(key, value) {
        if (typeof value !== "boolean")
          throw new Error(`Expected boolean value for set(key, value) in a YAML set, not ${typeof value}`);
        const prev = YAMLMap.findPair(this.items, key);
        if (prev && !value) {
          this.items.splice(this.items.indexOf(prev), 1);
        } else if (!prev && value) {
          this.items.push(new Pair.Pair(key));
        }
      }
      toJSON(_, ctx) {
        return super.toJSON(_, ctx, Set);
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        if (this.hasAllNullValues(true))
          return super.toString(Object.assign({}, ctx, { allNullValues: true }), onComment, onChompKeep);
        else
          throw new Error("Set items must all have null values");
      }
      static from(schema, iterable, ctx) {
        const { replacer } = ctx;
        const set2 = new this(schema);
        if (iterable && Symbol.iterator in Object(iterable))
          for (let value of iterable) {
            if (typeof replacer === "function")
              value = replacer.call(iterable, value, value);
            set2.items.push(Pair.createPair(value, null, ctx));
          }
        return set2;
      }
    };
    YAMLSet.tag = "tag:yaml.org,2002:set";
    var set = {
      collection: "map",
      identify: (value) => value instanceof Set,
      nodeClass: YAMLSet,
      default: false,
      tag: "tag:yaml.org,2002:set",
      createNode: (schema, iterable, ctx) => YAMLSet.from(schema, iterable, ctx),
      resolve(map, onError) {
        if (identity.isMap(map)) {
          if (map.hasAllNullValues(true))
            return Object.assign(new YAMLSet(), map);
          else
            onError("Set items must all have null values");
        } else
          onError("Expected a mapping for this tag");
        return map;
      }
    };
    exports.YAMLSet = YAMLSet;
    exports.set = set;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/timestamp.js
var require_timestamp = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/timestamp.js"(exports) {
    "use strict";
    var stringifyNumber = require_stringifyNumber();
    function parseSexagesimal(str, asBigInt) {
      const sign = str[0];
      const parts = sign === "-" || sign === "+" ? str.substring(1) : str;
      const num = (n) => asBigInt ? BigInt(n) : Number(n);
      const res = parts.replace(/_/g, "").split(":").reduce((res2, p) => res2 * num(60) + num(p), num(0));
      return sign === "-" ? num(-1) * res : res;
    }
    function stringifySexagesimal(node) {
      let { value } = node;
      let num = (n) => n;
      if (typeof value === "bigint")
        num = (n) => BigInt(n);
      else if (isNaN(value) || !isFinite(value))
        return stringifyNumber.stringifyNumber(node);
      let sign = "";
      if (value < 0) {
        sign = "-";
        value *= num(-1);
      }
      const _60 = num(60);
      const parts = [value % _60];
      if (value < 60) {
        parts.unshift(0);
      } else {
        value = (value - parts[0]) / _60;
        parts.unshift(value % _60);
        if (value >= 60) {
          value = (value - parts[0]) / _60;
          parts.unshift(value);
        }
      }
      return sign + parts.map((n) => String(n).padStart(2, "0")).join(":").replace(/000000\d*$/, "");
    }
    var intTime = {
      identify: (value) => typeof value === "bigint" || Number.isInteger(value),
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "TIME",
      test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
      resolve: (str, _onError, { intAsBigInt }) => parseSexagesimal(str, intAsBigInt),
      stringify: stringifySexagesimal
    };
    var floatTime = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "TIME",
      test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
      resolve: (str) => parseSexagesimal(str, false),
      stringify: stringifySexagesimal
    };
    var timestamp = {
      identify: (value) => value instanceof Date,
      default: true,
      tag: "tag:yaml.org,2002:timestamp",
      // If the time zone is omitted, the timestamp is assumed to be specified in UTC. The time part
      // may be omitted altogether, resulting in a date format. In such a case, the time part is
      // assumed to be 00:00:00Z (start of day, UTC).
      test: RegExp("^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:t|T|[ \\t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\\.[0-9]+)?)(?:[ \\t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$"),
      resolve(str) {
        const match2 = str.match(timestamp.test);
        if (!match2)
          throw new Error("!!timestamp expects a date, starting with yyyy-mm-dd");
        const [, year, month, day, hour, minute, second] = match2.map(Number);
        const millisec = match2[7] ? Number((match2[7] + "00").substr(1, 3)) : 0;
        let date = Date.UTC(year, month - 1, day, hour || 0, minute || 0, second || 0, millisec);
        const tz = match2[8];
        if (tz && tz !== "Z") {
          let d = parseSexagesimal(tz, false);
          if (Math.abs(d) < 30)
            d *= 60;
          date -= 6e4 * d;
        }
        return new Date(date);
      },
      stringify: ({ value }) => value?.toISOString().replace(/(T00:00:00)?\.000Z$/, "") ?? ""
    };
    exports.floatTime = floatTime;
    exports.intTime = intTime;
    exports.timestamp = timestamp;
  }
});

// node_modules/yaml/dist/schema/yaml-1.1/schema.js
var require_schema3 = __commonJS({
  "node_modules/yaml/dist/schema/yaml-1.1/schema.js"(exports) {
    "use strict";
    var map = require_map();
    var _null = require_null();
    var seq = require_seq();
    var string = require_string();
    var binary = require_binary();
    var bool = require_bool2();
    var float = require_float2();
    var int = require_int2();
    var merge = require_merge();
    var omap = require_omap();
    var pairs = require_pairs();
    var set = require_set();
    var timestamp = require_timestamp();
    var schema = [
      map.map,
      seq.seq,
      string.string,
      _null.nullTag,
      bool.trueTag,
      bool.falseTag,
      int.intBin,
      int.intOct,
      int.int,
      int.intHex,
      float.floatNaN,
      float.floatExp,
      float.float,
      binary.binary,
      merge.merge,
      omap.omap,
      pairs.pairs,
      set.set,
      timestamp.intTime,
      timestamp.floatTime,
      timestamp.timestamp
    ];
    exports.schema = schema;
  }
});

// node_modules/yaml/dist/schema/tags.js
var require_tags = __commonJS({
  "node_modules/yaml/dist/schema/tags.js"(exports) {
    "use strict";
    var map = require_map();
    var _null = require_null();
    var seq = require_seq();
    var string = require_string();
    var bool = require_bool();
    var float = require_float();
    var int = require_int();
    var schema = require_schema();
    var schema$1 = require_schema2();
    var binary = require_binary();
    var merge = require_merge();
    var omap = require_omap();
    var pairs = require_pairs();
    var schema$2 = require_schema3();
    var set = require_set();
    var timestamp = require_timestamp();
    var schemas = /* @__PURE__ */ new Map([
      ["core", schema.schema],
      ["failsafe", [map.map, seq.seq, string.string]],
      ["json", schema$1.schema],
      ["yaml11", schema$2.schema],
      ["yaml-1.1", schema$2.schema]
    ]);
    var tagsByName = {
      binary: binary.binary,
      bool: bool.boolTag,
      float: float.float,
      floatExp: float.floatExp,
      floatNaN: float.floatNaN,
      floatTime: timestamp.floatTime,
      int: int.int,
      intHex: int.intHex,
      intOct: int.intOct,
      intTime: timestamp.intTime,
      map: map.map,
      merge: merge.merge,
      null: _null.nullTag,
      omap: omap.omap,
      pairs: pairs.pairs,
      seq: seq.seq,
      set: set.set,
      timestamp: timestamp.timestamp
    };
    var coreKnownTags = {
      "tag:yaml.org,2002:binary": binary.binary,
      "tag:yaml.org,2002:merge": merge.merge,
      "tag:yaml.org,2002:omap": omap.omap,
      "tag:yaml.org,2002:pairs": pairs.pairs,
      "tag:yaml.org,2002:set": set.set,
      "tag:yaml.org,2002:timestamp": timestamp.timestamp
    };
    function getTags(customTags, schemaName, addMergeTag) {
      const schemaTags = schemas.get(schemaName);
      if (schemaTags && !customTags) {
        return addMergeTag && !schemaTags.includes(merge.merge) ? schemaTags.concat(merge.merge) : schemaTags.slice();
      }
      let tags = schemaTags;
      if (!tags) {
        if (Array.isArray(customTags))
          tags = [];
        else {
          const keys = Array.from(schemas.keys()).filter((key) => key !== "yaml11").map((key) => JSON.stringify(key)).join(", ");
          throw new Error(`Unknown schema "${schemaName}"; use one of ${keys} or define customTags array`);
        }
      }
      if (Array.isArray(customTags)) {
        for (const tag of customTags)
          tags = tags.concat(tag);
      } else if (typeof customTags === "function") {
        tags = customTags(tags.slice());
      }
      if (addMergeTag)
        tags = tags.concat(merge.merge);
      return tags.reduce((tags2, tag) => {
        const tagObj = typeof tag === "string" ? tagsByName[tag] : tag;
        if (!tagObj) {
          const tagName = JSON.stringify(tag);
          const keys = Object.keys(tagsByName).map((key) => JSON.stringify(key)).join(", ");
          throw new Error(`Unknown custom tag ${tagName}; use one of ${keys}`);
        }
        if (!tags2.includes(tagObj))
          tags2.push(tagObj);
        return tags2;
      }, []);
    }
    exports.coreKnownTags = coreKnownTags;
    exports.getTags = getTags;
  }
});

// node_modules/yaml/dist/schema/Schema.js
var require_Schema = __commonJS({
  "node_modules/yaml/dist/schema/Schema.js"(exports) {
    "use strict";
    var identity = require_identity();
    var map = require_map();
    var seq = require_seq();
    var string = require_string();
    var tags = require_tags();
    var sortMapEntriesByKey = (a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    var Schema = class _Schema {
      constructor({ compat, customTags, merge, resolveKnownTags, schema, sortMapEntries, toStringDefaults }) {
        this.compat = Array.isArray(compat) ? tags.getTags(compat, "compat") : compat ? tags.getTags(null, compat) : null;
        this.name = typeof schema === "string" && schema || "core";
        this.knownTags = resolveKnownTags ? tags.coreKnownTags : {};
        this.tags = tags.getTags(customTags, this.name, merge);
        this.toStringOptions = toStringDefaults ?? null;
        Object.defineProperty(this, identity.MAP, { value: map.map });
        Object.defineProperty(this, identity.SCALAR, { value: string.string });
        Object.defineProperty(this, identity.SEQ, { value: seq.seq });
        this.sortMapEntries = typeof sortMapEntries === "function" ? sortMapEntries : sortMapEntries === true ? sortMapEntriesByKey : null;
      }
      clone() {
        const copy = Object.create(_Schema.prototype, Object.getOwnPropertyDescriptors(this));
        copy.tags = this.tags.slice();
        return copy;
      }
    };
    exports.Schema = Schema;
  }
});

// node_modules/yaml/dist/stringify/stringifyDocument.js
var require_stringifyDocument = __commonJS({
  "node_modules/yaml/dist/stringify/stringifyDocument.js"(exports) {
    "use strict";
    var identity = require_identity();
    var stringify = require_stringify();
    var stringifyComment = require_stringifyComment();
    function stringifyDocument(doc, options) {
      const lines = [];
      let hasDirectives = options.directives === true;
      if (options.directives !== false && doc.directives) {
        const dir = doc.directives.toString(doc);
        if (dir) {
          lines.push(dir);
          hasDirectives = true;
        } else if (doc.directives.docStart)
          hasDirectives = true;
      }
      if (hasDirectives)
        lines.push("---");
      const ctx = stringify.createStringifyContext(doc, options);
      const { commentString } = ctx.options;
      if (doc.commentBefore) {
        if (lines.length !== 1)
          lines.unshift("");
        const cs = commentString(doc.commentBefore);
        lines.unshift(stringifyComment.indentComment(cs, ""));
      }
      let chompKeep = false;
      let contentComment = null;
      if (doc.contents) {
        if (identity.isNode(doc.contents)) {
          if (doc.contents.spaceBefore && hasDirectives)
            lines.push("");
          if (doc.contents.commentBefore) {
            const cs = commentString(doc.contents.commentBefore);
            lines.push(stringifyComment.indentComment(cs, ""));
          }
          ctx.forceBlockIndent = !!doc.comment;
          contentComment = doc.contents.comment;
        }
        const onChompKeep = contentComment ? void 0 : () => chompKeep = true;
        let body = stringify.stringify(doc.contents, ctx, () => contentComment = null, onChompKeep);
        if (contentComment)
          body += stringifyComment.lineComment(body, "", commentString(contentComment));
        if ((body[0] === "|" || body[0] === ">") && lines[lines.length - 1] === "---") {
          lines[lines.length - 1] = `--- ${body}`;
        } else
          lines.push(body);
      } else {
        lines.push(stringify.stringify(doc.contents, ctx));
      }
      if (doc.directives?.docEnd) {
        if (doc.comment) {
          const cs = commentString(doc.comment);
          if (cs.includes("\n")) {
            lines.push("...");
            lines.push(stringifyComment.indentComment(cs, ""));
          } else {
            lines.push(`... ${cs}`);
          }
        } else {
          lines.push("...");
        }
      } else {
        let dc = doc.comment;
        if (dc && chompKeep)
          dc = dc.replace(/^\n+/, "");
        if (dc) {
          if ((!chompKeep || contentComment) && lines[lines.length - 1] !== "")
            lines.push("");
          lines.push(stringifyComment.indentComment(commentString(dc), ""));
        }
      }
      return lines.join("\n") + "\n";
    }
    exports.stringifyDocument = stringifyDocument;
  }
});

// node_modules/yaml/dist/doc/Document.js
var require_Document = __commonJS({
  "node_modules/yaml/dist/doc/Document.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var Collection = require_Collection();
    var identity = require_identity();
    var Pair = require_Pair();
    var toJS = require_toJS();
    var Schema = require_Schema();
    var stringifyDocument = require_stringifyDocument();
    var anchors = require_anchors();
    var applyReviver = require_applyReviver();
    var createNode = require_createNode();
    var directives = require_directives();
    var Document = class _Document {
      constructor(value, replacer, options) {
        this.commentBefore = null;
        this.comment = null;
        this.errors = [];
        this.warnings = [];
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.DOC });
        let _replacer = null;
        if (typeof replacer === "function" || Array.isArray(replacer)) {
          _replacer = replacer;
        } else if (options === void 0 && replacer) {
          options = replacer;
          replacer = void 0;
        }
        const opt = Object.assign({
          intAsBigInt: false,
          keepSourceTokens: false,
          logLevel: "warn",
          prettyErrors: true,
          strict: true,
          stringKeys: false,
          uniqueKeys: true,
          version: "1.2"
        }, options);
        this.options = opt;
        let { version } = opt;
        if (options?._directives) {
          this.directives = options._directives.atDocument();
          if (this.directives.yaml.explicit)
            version = this.directives.yaml.version;
        } else
          this.directives = new directives.Directives({ version });
        this.setSchema(version, options);
        this.contents = value === void 0 ? null : this.createNode(value, _replacer, options);
      }
      /**
       * Create a deep copy of this Document and its contents.
       *
       * Custom Node values that inherit from `Object` still refer to their original instances.
       */
      clone() {
        const copy = Object.create(_Document.prototype, {
          [identity.NODE_TYPE]: { value: identity.DOC }
        });
        copy.commentBefore = this.commentBefore;
        copy.comment = this.comment;
        copy.errors = this.errors.slice();
        copy.warnings = this.warnings.slice();
        copy.options = Object.assign({}, this.options);
        if (this.directives)
          copy.directives = this.directives.clone();
        copy.schema = this.schema.clone();
        copy.contents = identity.isNode(this.contents) ? this.contents.clone(copy.schema) : this.contents;
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /** Adds a value to the document. */
      add(value) {
        if (assertCollection(this.contents))
          this.contents.add(value);
      }
      /** Adds a value to the document. */
      addIn(path7, value) {
        if (assertCollection(this.contents))
          this.contents.addIn(path7, value);
      }
      /**
       * Create a new `Alias` node, ensuring that the target `node` has the required anchor.
       *
       * If `node` already has an anchor, `name` is ignored.
       * Otherwise, the `node.anchor` value will be set to `name`,
       * or if an anchor with that name is already present in the document,
       * `name` will be used as a prefix for a new unique anchor.
       * If `name` is undefined, the generated anchor will use 'a' as a prefix.
       */
      createAlias(node, name) {
        if (!node.anchor) {
          const prev = anchors.anchorNames(this);
          node.anchor = // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
          !name || prev.has(name) ? anchors.findNewAnchor(name || "a", prev) : name;
        }
        return new Alias.Alias(node.anchor);
      }
      createNode(value, replacer, options) {
        let _replacer = void 0;
        if (typeof replacer === "function") {
          value = replacer.call({ "": value }, "", value);
          _replacer = replacer;
        } else if (Array.isArray(replacer)) {
          const keyToStr = (v) => typeof v === "number" || v instanceof String || v instanceof Number;
          const asStr = replacer.filter(keyToStr).map(String);
          if (asStr.length > 0)
            replacer = replacer.concat(asStr);
          _replacer = replacer;
        } else if (options === void 0 && replacer) {
          options = replacer;
          replacer = void 0;
        }
        const { aliasDuplicateObjects, anchorPrefix, flow, keepUndefined, onTagObj, tag } = options ?? {};
        const { onAnchor, setAnchors, sourceObjects } = anchors.createNodeAnchors(
          this,
          // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
          anchorPrefix || "a"
        );
        const ctx = {
          aliasDuplicateObjects: aliasDuplicateObjects ?? true,
          keepUndefined: keepUndefined ?? false,
          onAnchor,
          onTagObj,
          replacer: _replacer,
          schema: this.schema,
          sourceObjects
        };
        const node = createNode.createNode(value, tag, ctx);
        if (flow && identity.isCollection(node))
          node.flow = true;
        setAnchors();
        return node;
      }
      /**
       * Convert a key and a value into a `Pair` using the current schema,
       * recursively wrapping all values as `Scalar` or `Collection` nodes.
       */
      createPair(key, value, options = {}) {
        const k = this.createNode(key, null, options);
        const v = this.createNode(value, null, options);
        return new Pair.Pair(k, v);
      }
      /**
       * Removes a value from the document.
       * @returns `true` if the item was found and removed.
       */
      delete(key) {
        return assertCollection(this.contents) ? this.contents.delete(key) : false;
      }
      /**
       * Removes a value from the document.
       * @returns `true` if the item was found and removed.
       */
      deleteIn(path7) {
        if (Collection.isEmptyPath(path7)) {
          if (this.contents == null)
            return false;
          this.contents = null;
          return true;
        }
        return assertCollection(this.contents) ? this.contents.deleteIn(path7) : false;
      }
      /**
       * Returns item at `key`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      get(key, keepScalar) {
        return identity.isCollection(this.contents) ? this.contents.get(key, keepScalar) : void 0;
      }
      /**
       * Returns item at `path`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      getIn(path7, keepScalar) {
        if (Collection.isEmptyPath(path7))
          return !keepScalar && identity.isScalar(this.contents) ? this.contents.value : this.contents;
        return identity.isCollection(this.contents) ? this.contents.getIn(path7, keepScalar) : void 0;
      }
      /**
       * Checks if the document includes a value with the key `key`.
       */
      has(key) {
        return identity.isCollection(this.contents) ? this.contents.has(key) : false;
      }
      /**
       * Checks if the document includes a value at `path`.
       */
      hasIn(path7) {
        if (Collection.isEmptyPath(path7))
          return this.contents !== void 0;
        return identity.isCollection(this.contents) ? this.contents.hasIn(path7) : false;
      }
      /**
       * Sets a value in this document. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      set(key, value) {
        if (this.contents == null) {
          this.contents = Collection.collectionFromPath(this.schema, [key], value);
        } else if (assertCollection(this.contents)) {
          this.contents.set(key, value);
        }
      }
      /**
       * Sets a value in this document. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      setIn(path7, value) {
        if (Collection.isEmptyPath(path7)) {
          this.contents = value;
        } else if (this.contents == null) {
          this.contents = Collection.collectionFromPath(this.schema, Array.from(path7), value);
        } else if (assertCollection(this.contents)) {
          this.contents.setIn(path7, value);
        }
      }
      /**
       * Change the YAML version and schema used by the document.
       * A `null` version disables support for directives, explicit tags, anchors, and aliases.
       * It also requires the `schema` option to be given as a `Schema` instance value.
       *
       * Overrides all previously set schema options.
       */
      setSchema(version, options = {}) {
        if (typeof version === "number")
          version = String(version);
        let opt;
        switch (version) {
          case "1.1":
            if (this.directives)
              this.directives.yaml.version = "1.1";
            else
              this.directives = new directives.Directives({ version: "1.1" });
            opt = { resolveKnownTags: false, schema: "yaml-1.1" };
            break;
          case "1.2":
          case "next":
            if (this.directives)
              this.directives.yaml.version = version;
            else
              this.directives = new directives.Directives({ version });
            opt = { resolveKnownTags: true, schema: "core" };
            break;
          case null:
            if (this.directives)
              delete this.directives;
            opt = null;
            break;
          default: {
            const sv = JSON.stringify(version);
            throw new Error(`Expected '1.1', '1.2' or null as first argument, but found: ${sv}`);
          }
        }
        if (options.schema instanceof Object)
          this.schema = options.schema;
        else if (opt)
          this.schema = new Schema.Schema(Object.assign(opt, options));
        else
          throw new Error(`With a null YAML version, the { schema: Schema } option is required`);
      }
      // json & jsonArg are only used from toJSON()
      toJS({ json, jsonArg, mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        const ctx = {
          anchors: /* @__PURE__ */ new Map(),
          doc: this,
          keep: !json,
          mapAsMap: mapAsMap === true,
          mapKeyWarned: false,
          maxAliasCount: typeof maxAliasCount === "number" ? maxAliasCount : 100
        };
        const res = toJS.toJS(this.contents, jsonArg ?? "", ctx);
        if (typeof onAnchor === "function")
          for (const { count, res: res2 } of ctx.anchors.values())
            onAnchor(res2, count);
        return typeof reviver === "function" ? applyReviver.applyReviver(reviver, { "": res }, "", res) : res;
      }
      /**
       * A JSON representation of the document `contents`.
       *
       * @param jsonArg Used by `JSON.stringify` to indicate the array index or
       *   property name.
       */
      toJSON(jsonArg, onAnchor) {
        return this.toJS({ json: true, jsonArg, mapAsMap: false, onAnchor });
      }
      /** A YAML representation of the document. */
      toString(options = {}) {
        if (this.errors.length > 0)
          throw new Error("Document with errors cannot be stringified");
        if ("indent" in options && (!Number.isInteger(options.indent) || Number(options.indent) <= 0)) {
          const s = JSON.stringify(options.indent);
          throw new Error(`"indent" option must be a positive integer, not ${s}`);
        }
        return stringifyDocument.stringifyDocument(this, options);
      }
    };
    function assertCollection(contents) {
      if (identity.isCollection(contents))
        return true;
      throw new Error("Expected a YAML collection as document contents");
    }
    exports.Document = Document;
  }
});

// node_modules/yaml/dist/errors.js
var require_errors = __commonJS({
  "node_modules/yaml/dist/errors.js"(exports) {
    "use strict";
    var YAMLError = class extends Error {
      constructor(name, pos, code, message) {
        super();
        this.name = name;
        this.code = code;
        this.message = message;
        this.pos = pos;
      }
    };
    var YAMLParseError = class extends YAMLError {
      constructor(pos, code, message) {
        super("YAMLParseError", pos, code, message);
      }
    };
    var YAMLWarning = class extends YAMLError {
      constructor(pos, code, message) {
        super("YAMLWarning", pos, code, message);
      }
    };
    var prettifyError = (src, lc) => (error) => {
      if (error.pos[0] === -1)
        return;
      error.linePos = error.pos.map((pos) => lc.linePos(pos));
      const { line, col } = error.linePos[0];
      error.message += ` at line ${line}, column ${col}`;
      let ci = col - 1;
      let lineStr = src.substring(lc.lineStarts[line - 1], lc.lineStarts[line]).replace(/[\n\r]+$/, "");
      if (ci >= 60 && lineStr.length > 80) {
        const trimStart = Math.min(ci - 39, lineStr.length - 79);
        lineStr = "\u2026" + lineStr.substring(trimStart);
        ci -= trimStart - 1;
      }
      if (lineStr.length > 80)
        lineStr = lineStr.substring(0, 79) + "\u2026";
      if (line > 1 && /^ *$/.test(lineStr.substring(0, ci))) {
        let prev = src.substring(lc.lineStarts[line - 2], lc.lineStarts[line - 1]);
        if (prev.length > 80)
          prev = prev.substring(0, 79) + "\u2026\n";
        lineStr = prev + lineStr;
      }
      if (/[^ ]/.test(lineStr)) {
        let count = 1;
        const end = error.linePos[1];
        if (end?.line === line && end.col > col) {
          count = Math.max(1, Math.min(end.col - col, 80 - ci));
        }
        const pointer = " ".repeat(ci) + "^".repeat(count);
        error.message += `:

${lineStr}
${pointer}
`;
      }
    };
    exports.YAMLError = YAMLError;
    exports.YAMLParseError = YAMLParseError;
    exports.YAMLWarning = YAMLWarning;
    exports.prettifyError = prettifyError;
  }
});

// node_modules/yaml/dist/compose/resolve-props.js
var require_resolve_props = __commonJS({
  "node_modules/yaml/dist/compose/resolve-props.js"(exports) {
    "use strict";
    function resolveProps(tokens, { flow, indicator, next, offset, onError, parentIndent, startOnNewline }) {
      let spaceBefore = false;
      let atNewline = startOnNewline;
      let hasSpace = startOnNewline;
      let comment = "";
      let commentSep = "";
      let hasNewline = false;
      let reqSpace = false;
      let tab = null;
      let anchor = null;
      let tag = null;
      let newlineAfterProp = null;
      let comma = null;
      let found = null;
      let start = null;
      for (const token of tokens) {
        if (reqSpace) {
          if (token.type !== "space" && token.type !== "newline" && token.type !== "comma")
            onError(token.offset, "MISSING_CHAR", "Tags and anchors must be separated from the next token by white space");
          reqSpace = false;
        }
        if (tab) {
          if (atNewline && token.type !== "comment" && token.type !== "newline") {
            onError(tab, "TAB_AS_INDENT", "Tabs are not allowed as indentation");
          }
          tab = null;
        }
        switch (token.type) {
          case "space":
            if (!flow && (indicator !== "doc-start" || next?.type !== "flow-collection") && token.source.includes("	")) {
              tab = token;
            }
            hasSpace = true;
            break;
          case "comment": {
            if (!hasSpace)
              onError(token, "MISSING_CHAR", "Comments must be separated from other tokens by white space characters");
            const cb = token.source.substring(1) || " ";
            if (!comment)
              comment = cb;
            else
              comment += commentSep + cb;
            commentSep = "";
            atNewline = false;
            break;
          }
          case "newline":
            if (atNewline) {
              if (comment)
                comment += token.source;
              else if (!found || indicator !== "seq-item-ind")
                spaceBefore = true;
            } else
              commentSep += token.source;
            atNewline = true;
            hasNewline = true;
            if (anchor || tag)
              newlineAfterProp = token;
            hasSpace = true;
            break;
          case "anchor":
            if (anchor)
              onError(token, "MULTIPLE_ANCHORS", "A node can have at most one anchor");
            if (token.source.endsWith(":"))
              onError(token.offset + token.source.length - 1, "BAD_ALIAS", "Anchor ending in : is ambiguous", true);
            anchor = token;
            start ?? (start = token.offset);
            atNewline = false;
            hasSpace = false;
            reqSpace = true;
            break;
          case "tag": {
            if (tag)
              onError(token, "MULTIPLE_TAGS", "A node can have at most one tag");
            tag = token;
            start ?? (start = token.offset);
            atNewline = false;
            hasSpace = false;
            reqSpace = true;
            break;
          }
          case indicator:
            if (anchor || tag)
              onError(token, "BAD_PROP_ORDER", `Anchors and tags must be after the ${token.source} indicator`);
            if (found)
              onError(token, "UNEXPECTED_TOKEN", `Unexpected ${token.source} in ${flow ?? "collection"}`);
            found = token;
            atNewline = indicator === "seq-item-ind" || indicator === "explicit-key-ind";
            hasSpace = false;
            break;
          case "comma":
            if (flow) {
              if (comma)
                onError(token, "UNEXPECTED_TOKEN", `Unexpected , in ${flow}`);
              comma = token;
              atNewline = false;
              hasSpace = false;
              break;
            }
          // else fallthrough
          default:
            onError(token, "UNEXPECTED_TOKEN", `Unexpected ${token.type} token`);
            atNewline = false;
            hasSpace = false;
        }
      }
      const last = tokens[tokens.length - 1];
      const end = last ? last.offset + last.source.length : offset;
      if (reqSpace && next && next.type !== "space" && next.type !== "newline" && next.type !== "comma" && (next.type !== "scalar" || next.source !== "")) {
        onError(next.offset, "MISSING_CHAR", "Tags and anchors must be separated from the next token by white space");
      }
      if (tab && (atNewline && tab.indent <= parentIndent || next?.type === "block-map" || next?.type === "block-seq"))
        onError(tab, "TAB_AS_INDENT", "Tabs are not allowed as indentation");
      return {
        comma,
        found,
        spaceBefore,
        comment,
        hasNewline,
        anchor,
        tag,
        newlineAfterProp,
        end,
        start: start ?? end
      };
    }
    exports.resolveProps = resolveProps;
  }
});

// node_modules/yaml/dist/compose/util-contains-newline.js
var require_util_contains_newline = __commonJS({
  "node_modules/yaml/dist/compose/util-contains-newline.js"(exports) {
    "use strict";
    function containsNewline(key) {
      if (!key)
        return null;
      switch (key.type) {
        case "alias":
        case "scalar":
        case "double-quoted-scalar":
        case "single-quoted-scalar":
          if (key.source.includes("\n"))
            return true;
          if (key.end) {
            for (const st of key.end)
              if (st.type === "newline")
                return true;
          }
          return false;
        case "flow-collection":
          for (const it of key.items) {
            for (const st of it.start)
              if (st.type === "newline")
                return true;
            if (it.sep) {
              for (const st of it.sep)
                if (st.type === "newline")
                  return true;
            }
            if (containsNewline(it.key) || containsNewline(it.value))
              return true;
          }
          return false;
        default:
          return true;
      }
    }
    exports.containsNewline = containsNewline;
  }
});

// node_modules/yaml/dist/compose/util-flow-indent-check.js
var require_util_flow_indent_check = __commonJS({
  "node_modules/yaml/dist/compose/util-flow-indent-check.js"(exports) {
    "use strict";
    var utilContainsNewline = require_util_contains_newline();
    function flowIndentCheck(indent, fc, onError) {
      if (fc?.type === "flow-collection") {
        const end = fc.end[0];
        if (end.indent === indent && (end.source === "]" || end.source === "}") && utilContainsNewline.containsNewline(fc)) {
          const msg = "Flow end indicator should be more indented than parent";
          onError(end, "BAD_INDENT", msg, true);
        }
      }
    }
    exports.flowIndentCheck = flowIndentCheck;
  }
});

// node_modules/yaml/dist/compose/util-map-includes.js
var require_util_map_includes = __commonJS({
  "node_modules/yaml/dist/compose/util-map-includes.js"(exports) {
    "use strict";
    var identity = require_identity();
    function mapIncludes(ctx, items, search) {
      const { uniqueKeys } = ctx.options;
      if (uniqueKeys === false)
        return false;
      const isEqual = typeof uniqueKeys === "function" ? uniqueKeys : (a, b) => a === b || identity.isScalar(a) && identity.isScalar(b) && a.value === b.value;
      return items.some((pair) => isEqual(pair.key, search));
    }
    exports.mapIncludes = mapIncludes;
  }
});

// node_modules/yaml/dist/compose/resolve-block-map.js
var require_resolve_block_map = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-map.js"(exports) {
    "use strict";
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var resolveProps = require_resolve_props();
    var utilContainsNewline = require_util_contains_newline();
    var utilFlowIndentCheck = require_util_flow_indent_check();
    var utilMapIncludes = require_util_map_includes();
    var startColMsg = "All mapping items must start at the same column";
    function resolveBlockMap({ composeNode, composeEmptyNode }, ctx, bm, onError, tag) {
      const NodeClass = tag?.nodeClass ?? YAMLMap.YAMLMap;
      const map = new NodeClass(ctx.schema);
      if (ctx.atRoot)
        ctx.atRoot = false;
      let offset = bm.offset;
      let commentEnd = null;
      for (const collItem of bm.items) {
        const { start, key, sep: sep2, value } = collItem;
        const keyProps = resolveProps.resolveProps(start, {
          indicator: "explicit-key-ind",
          next: key ?? sep2?.[0],
          offset,
          onError,
          parentIndent: bm.indent,
          startOnNewline: true
        });
        const implicitKey = !keyProps.found;
        if (implicitKey) {
          if (key) {
            if (key.type === "block-seq")
              onError(offset, "BLOCK_AS_IMPLICIT_KEY", "A block sequence may not be used as an implicit map key");
            else if ("indent" in key && key.indent !== bm.indent)
              onError(offset, "BAD_INDENT", startColMsg);
          }
          if (!keyProps.anchor && !keyProps.tag && !sep2) {
            commentEnd = keyProps.end;
            if (keyProps.comment) {
              if (map.comment)
                map.comment += "\n" + keyProps.comment;
              else
                map.comment = keyProps.comment;
            }
            continue;
          }
          if (keyProps.newlineAfterProp || utilContainsNewline.containsNewline(key)) {
            onError(key ?? start[start.length - 1], "MULTILINE_IMPLICIT_KEY", "Implicit keys need to be on a single line");
          }
        } else if (keyProps.found?.indent !== bm.indent) {
          onError(offset, "BAD_INDENT", startColMsg);
        }
        ctx.atKey = true;
        const keyStart = keyProps.end;
        const keyNode = key ? composeNode(ctx, key, keyProps, onError) : composeEmptyNode(ctx, keyStart, start, null, keyProps, onError);
        if (ctx.schema.compat)
          utilFlowIndentCheck.flowIndentCheck(bm.indent, key, onError);
        ctx.atKey = false;
        if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
          onError(keyStart, "DUPLICATE_KEY", "Map keys must be unique");
        const valueProps = resolveProps.resolveProps(sep2 ?? [], {
          indicator: "map-value-ind",
          next: value,
          offset: keyNode.range[2],
          onError,
          parentIndent: bm.indent,
          startOnNewline: !key || key.type === "block-scalar"
        });
        offset = valueProps.end;
        if (valueProps.found) {
          if (implicitKey) {
            if (value?.type === "block-map" && !valueProps.hasNewline)
              onError(offset, "BLOCK_AS_IMPLICIT_KEY", "Nested mappings are not allowed in compact mappings");
            if (ctx.options.strict && keyProps.start < valueProps.found.offset - 1024)
              onError(keyNode.range, "KEY_OVER_1024_CHARS", "The : indicator must be at most 1024 chars after the start of an implicit block mapping key");
          }
          const valueNode = value ? composeNode(ctx, value, valueProps, onError) : composeEmptyNode(ctx, offset, sep2, null, valueProps, onError);
          if (ctx.schema.compat)
            utilFlowIndentCheck.flowIndentCheck(bm.indent, value, onError);
          offset = valueNode.range[2];
          const pair = new Pair.Pair(keyNode, valueNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          map.items.push(pair);
        } else {
          if (implicitKey)
            onError(keyNode.range, "MISSING_CHAR", "Implicit map keys need to be followed by map values");
          if (valueProps.comment) {
            if (keyNode.comment)
              keyNode.comment += "\n" + valueProps.comment;
            else
              keyNode.comment = valueProps.comment;
          }
          const pair = new Pair.Pair(keyNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          map.items.push(pair);
        }
      }
      if (commentEnd && commentEnd < offset)
        onError(commentEnd, "IMPOSSIBLE", "Map comment with trailing content");
      map.range = [bm.offset, offset, commentEnd ?? offset];
      return map;
    }
    exports.resolveBlockMap = resolveBlockMap;
  }
});

// node_modules/yaml/dist/compose/resolve-block-seq.js
var require_resolve_block_seq = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-seq.js"(exports) {
    "use strict";
    var YAMLSeq = require_YAMLSeq();
    var resolveProps = require_resolve_props();
    var utilFlowIndentCheck = require_util_flow_indent_check();
    function resolveBlockSeq({ composeNode, composeEmptyNode }, ctx, bs, onError, tag) {
      const NodeClass = tag?.nodeClass ?? YAMLSeq.YAMLSeq;
      const seq = new NodeClass(ctx.schema);
      if (ctx.atRoot)
        ctx.atRoot = false;
      if (ctx.atKey)
        ctx.atKey = false;
      let offset = bs.offset;
      let commentEnd = null;
      for (const { start, value } of bs.items) {
        const props = resolveProps.resolveProps(start, {
          indicator: "seq-item-ind",
          next: value,
          offset,
          onError,
          parentIndent: bs.indent,
          startOnNewline: true
        });
        if (!props.found) {
          if (props.anchor || props.tag || value) {
            if (value?.type === "block-seq")
              onError(props.end, "BAD_INDENT", "All sequence items must start at the same column");
            else
              onError(offset, "MISSING_CHAR", "Sequence item without - indicator");
          } else {
            commentEnd = props.end;
            if (props.comment)
              seq.comment = props.comment;
            continue;
          }
        }
        const node = value ? composeNode(ctx, value, props, onError) : composeEmptyNode(ctx, props.end, start, null, props, onError);
        if (ctx.schema.compat)
          utilFlowIndentCheck.flowIndentCheck(bs.indent, value, onError);
        offset = node.range[2];
        seq.items.push(node);
      }
      seq.range = [bs.offset, offset, commentEnd ?? offset];
      return seq;
    }
    exports.resolveBlockSeq = resolveBlockSeq;
  }
});

// node_modules/yaml/dist/compose/resolve-end.js
var require_resolve_end = __commonJS({
  "node_modules/yaml/dist/compose/resolve-end.js"(exports) {
    "use strict";
    function resolveEnd(end, offset, reqSpace, onError) {
      let comment = "";
      if (end) {
        let hasSpace = false;
        let sep2 = "";
        for (const token of end) {
          const { source, type } = token;
          switch (type) {
            case "space":
              hasSpace = true;
              break;
            case "comment": {
              if (reqSpace && !hasSpace)
                onError(token, "MISSING_CHAR", "Comments must be separated from other tokens by white space characters");
              const cb = source.substring(1) || " ";
              if (!comment)
                comment = cb;
              else
                comment += sep2 + cb;
              sep2 = "";
              break;
            }
            case "newline":
              if (comment)
                sep2 += source;
              hasSpace = true;
              break;
            default:
              onError(token, "UNEXPECTED_TOKEN", `Unexpected ${type} at node end`);
          }
          offset += source.length;
        }
      }
      return { comment, offset };
    }
    exports.resolveEnd = resolveEnd;
  }
});

// node_modules/yaml/dist/compose/resolve-flow-collection.js
var require_resolve_flow_collection = __commonJS({
  "node_modules/yaml/dist/compose/resolve-flow-collection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Pair = require_Pair();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var resolveEnd = require_resolve_end();
    var resolveProps = require_resolve_props();
    var utilContainsNewline = require_util_contains_newline();
    var utilMapIncludes = require_util_map_includes();
    var blockMsg = "Block collections are not allowed within flow collections";
    var isBlock = (token) => token && (token.type === "block-map" || token.type === "block-seq");
    function resolveFlowCollection({ composeNode, composeEmptyNode }, ctx, fc, onError, tag) {
      const isMap = fc.start.source === "{";
      const fcName = isMap ? "flow map" : "flow sequence";
      const NodeClass = tag?.nodeClass ?? (isMap ? YAMLMap.YAMLMap : YAMLSeq.YAMLSeq);
      const coll = new NodeClass(ctx.schema);
      coll.flow = true;
      const atRoot = ctx.atRoot;
      if (atRoot)
        ctx.atRoot = false;
      if (ctx.atKey)
        ctx.atKey = false;
      let offset = fc.offset + fc.start.source.length;
      for (let i = 0; i < fc.items.length; ++i) {
        const collItem = fc.items[i];
        const { start, key, sep: sep2, value } = collItem;
        const props = resolveProps.resolveProps(start, {
          flow: fcName,
          indicator: "explicit-key-ind",
          next: key ?? sep2?.[0],
          offset,
          onError,
          parentIndent: fc.indent,
          startOnNewline: false
        });
        if (!props.found) {
          if (!props.anchor && !props.tag && !sep2 && !value) {
            if (i === 0 && props.comma)
              onError(props.comma, "UNEXPECTED_TOKEN", `Unexpected , in ${fcName}`);
            else if (i < fc.items.length - 1)
              onError(props.start, "UNEXPECTED_TOKEN", `Unexpected empty item in ${fcName}`);
            if (props.comment) {
              if (coll.comment)
                coll.comment += "\n" + props.comment;
              else
                coll.comment = props.comment;
            }
            offset = props.end;
            continue;
          }
          if (!isMap && ctx.options.strict && utilContainsNewline.containsNewline(key))
            onError(
              key,
              // checked by containsNewline()
              "MULTILINE_IMPLICIT_KEY",
              "Implicit keys of flow sequence pairs need to be on a single line"
            );
        }
        if (i === 0) {
          if (props.comma)
            onError(props.comma, "UNEXPECTED_TOKEN", `Unexpected , in ${fcName}`);
        } else {
          if (!props.comma)
            onError(props.start, "MISSING_CHAR", `Missing , between ${fcName} items`);
          if (props.comment) {
            let prevItemComment = "";
            loop: for (const st of start) {
              switch (st.type) {
                case "comma":
                case "space":
                  break;
                case "comment":
                  prevItemComment = st.source.substring(1);
                  break loop;
                default:
                  break loop;
              }
            }
            if (prevItemComment) {
              let prev = coll.items[coll.items.length - 1];
              if (identity.isPair(prev))
                prev = prev.value ?? prev.key;
              if (prev.comment)
                prev.comment += "\n" + prevItemComment;
              else
                prev.comment = prevItemComment;
              props.comment = props.comment.substring(prevItemComment.length + 1);
            }
          }
        }
        if (!isMap && !sep2 && !props.found) {
          const valueNode = value ? composeNode(ctx, value, props, onError) : composeEmptyNode(ctx, props.end, sep2, null, props, onError);
          coll.items.push(valueNode);
          offset = valueNode.range[2];
          if (isBlock(value))
            onError(valueNode.range, "BLOCK_IN_FLOW", blockMsg);
        } else {
          ctx.atKey = true;
          const keyStart = props.end;
          const keyNode = key ? composeNode(ctx, key, props, onError) : composeEmptyNode(ctx, keyStart, start, null, props, onError);
          if (isBlock(key))
            onError(keyNode.range, "BLOCK_IN_FLOW", blockMsg);
          ctx.atKey = false;
          const valueProps = resolveProps.resolveProps(sep2 ?? [], {
            flow: fcName,
            indicator: "map-value-ind",
            next: value,
            offset: keyNode.range[2],
            onError,
            parentIndent: fc.indent,
            startOnNewline: false
          });
          if (valueProps.found) {
            if (!isMap && !props.found && ctx.options.strict) {
              if (sep2)
                for (const st of sep2) {
                  if (st === valueProps.found)
                    break;
                  if (st.type === "newline") {
                    onError(st, "MULTILINE_IMPLICIT_KEY", "Implicit keys of flow sequence pairs need to be on a single line");
                    break;
                  }
                }
              if (props.start < valueProps.found.offset - 1024)
                onError(valueProps.found, "KEY_OVER_1024_CHARS", "The : indicator must be at most 1024 chars after the start of an implicit flow sequence key");
            }
          } else if (value) {
            if ("source" in value && value.source?.[0] === ":")
              onError(value, "MISSING_CHAR", `Missing space after : in ${fcName}`);
            else
              onError(valueProps.start, "MISSING_CHAR", `Missing , or : between ${fcName} items`);
          }
          const valueNode = value ? composeNode(ctx, value, valueProps, onError) : valueProps.found ? composeEmptyNode(ctx, valueProps.end, sep2, null, valueProps, onError) : null;
          if (valueNode) {
            if (isBlock(value))
              onError(valueNode.range, "BLOCK_IN_FLOW", blockMsg);
          } else if (valueProps.comment) {
            if (keyNode.comment)
              keyNode.comment += "\n" + valueProps.comment;
            else
              keyNode.comment = valueProps.comment;
          }
          const pair = new Pair.Pair(keyNode, valueNode);
          if (ctx.options.keepSourceTokens)
            pair.srcToken = collItem;
          if (isMap) {
            const map = coll;
            if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
              onError(keyStart, "DUPLICATE_KEY", "Map keys must be unique");
            map.items.push(pair);
          } else {
            const map = new YAMLMap.YAMLMap(ctx.schema);
            map.flow = true;
            map.items.push(pair);
            const endRange = (valueNode ?? keyNode).range;
            map.range = [keyNode.range[0], endRange[1], endRange[2]];
            coll.items.push(map);
          }
          offset = valueNode ? valueNode.range[2] : valueProps.end;
        }
      }
      const expectedEnd = isMap ? "}" : "]";
      const [ce, ...ee] = fc.end;
      let cePos = offset;
      if (ce?.source === expectedEnd)
        cePos = ce.offset + ce.source.length;
      else {
        const name = fcName[0].toUpperCase() + fcName.substring(1);
        const msg = atRoot ? `${name} must end with a ${expectedEnd}` : `${name} in block collection must be sufficiently indented and end with a ${expectedEnd}`;
        onError(offset, atRoot ? "MISSING_CHAR" : "BAD_INDENT", msg);
        if (ce && ce.source.length !== 1)
          ee.unshift(ce);
      }
      if (ee.length > 0) {
        const end = resolveEnd.resolveEnd(ee, cePos, ctx.options.strict, onError);
        if (end.comment) {
          if (coll.comment)
            coll.comment += "\n" + end.comment;
          else
            coll.comment = end.comment;
        }
        coll.range = [fc.offset, cePos, end.offset];
      } else {
        coll.range = [fc.offset, cePos, cePos];
      }
      return coll;
    }
    exports.resolveFlowCollection = resolveFlowCollection;
  }
});

// node_modules/yaml/dist/compose/compose-collection.js
var require_compose_collection = __commonJS({
  "node_modules/yaml/dist/compose/compose-collection.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var resolveBlockMap = require_resolve_block_map();
    var resolveBlockSeq = require_resolve_block_seq();
    var resolveFlowCollection = require_resolve_flow_collection();
    function resolveCollection(CN, ctx, token, onError, tagName, tag) {
      const coll = token.type === "block-map" ? resolveBlockMap.resolveBlockMap(CN, ctx, token, onError, tag) : token.type === "block-seq" ? resolveBlockSeq.resolveBlockSeq(CN, ctx, token, onError, tag) : resolveFlowCollection.resolveFlowCollection(CN, ctx, token, onError, tag);
      const Coll = coll.constructor;
      if (tagName === "!" || tagName === Coll.tagName) {
        coll.tag = Coll.tagName;
        return coll;
      }
      if (tagName)
        coll.tag = tagName;
      return coll;
    }
    function composeCollection(CN, ctx, token, props, onError) {
      const tagToken = props.tag;
      const tagName = !tagToken ? null : ctx.directives.tagName(tagToken.source, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg));
      if (token.type === "block-seq") {
        const { anchor, newlineAfterProp: nl } = props;
        const lastProp = anchor && tagToken ? anchor.offset > tagToken.offset ? anchor : tagToken : anchor ?? tagToken;
        if (lastProp && (!nl || nl.offset < lastProp.offset)) {
          const message = "Missing newline after block sequence props";
          onError(lastProp, "MISSING_CHAR", message);
        }
      }
      const expType = token.type === "block-map" ? "map" : token.type === "block-seq" ? "seq" : token.start.source === "{" ? "map" : "seq";
      if (!tagToken || !tagName || tagName === "!" || tagName === YAMLMap.YAMLMap.tagName && expType === "map" || tagName === YAMLSeq.YAMLSeq.tagName && expType === "seq") {
        return resolveCollection(CN, ctx, token, onError, tagName);
      }
      let tag = ctx.schema.tags.find((t) => t.tag === tagName && t.collection === expType);
      if (!tag) {
        const kt = ctx.schema.knownTags[tagName];
        if (kt?.collection === expType) {
          ctx.schema.tags.push(Object.assign({}, kt, { default: false }));
          tag = kt;
        } else {
          if (kt) {
            onError(tagToken, "BAD_COLLECTION_TYPE", `${kt.tag} used for ${expType} collection, but expects ${kt.collection ?? "scalar"}`, true);
          } else {
            onError(tagToken, "TAG_RESOLVE_FAILED", `Unresolved tag: ${tagName}`, true);
          }
          return resolveCollection(CN, ctx, token, onError, tagName);
        }
      }
      const coll = resolveCollection(CN, ctx, token, onError, tagName, tag);
      const res = tag.resolve?.(coll, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg), ctx.options) ?? coll;
      const node = identity.isNode(res) ? res : new Scalar.Scalar(res);
      node.range = coll.range;
      node.tag = tagName;
      if (tag?.format)
        node.format = tag.format;
      return node;
    }
    exports.composeCollection = composeCollection;
  }
});

// node_modules/yaml/dist/compose/resolve-block-scalar.js
var require_resolve_block_scalar = __commonJS({
  "node_modules/yaml/dist/compose/resolve-block-scalar.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    function resolveBlockScalar(ctx, scalar, onError) {
      const start = scalar.offset;
      const header = parseBlockScalarHeader(scalar, ctx.options.strict, onError);
      if (!header)
        return { value: "", type: null, comment: "", range: [start, start, start] };
      const type = header.mode === ">" ? Scalar.Scalar.BLOCK_FOLDED : Scalar.Scalar.BLOCK_LITERAL;
      const lines = scalar.source ? splitLines(scalar.source) : [];
      let chompStart = lines.length;
      for (let i = lines.length - 1; i >= 0; --i) {
        const content = lines[i][1];
        if (content === "" || content === "\r")
          chompStart = i;
        else
          break;
      }
      if (chompStart === 0) {
        const value2 = header.chomp === "+" && lines.length > 0 ? "\n".repeat(Math.max(1, lines.length - 1)) : "";
        let end2 = start + header.length;
        if (scalar.source)
          end2 += scalar.source.length;
        return { value: value2, type, comment: header.comment, range: [start, end2, end2] };
      }
      let trimIndent = scalar.indent + header.indent;
      let offset = scalar.offset + header.length;
      let contentStart = 0;
      for (let i = 0; i < chompStart; ++i) {
        const [indent, content] = lines[i];
        if (content === "" || content === "\r") {
          if (header.indent === 0 && indent.length > trimIndent)
            trimIndent = indent.length;
        } else {
          if (indent.length < trimIndent) {
            const message = "Block scalars with more-indented leading empty lines must use an explicit indentation indicator";
            onError(offset + indent.length, "MISSING_CHAR", message);
          }
          if (header.indent === 0)
            trimIndent = indent.length;
          contentStart = i;
          if (trimIndent === 0 && !ctx.atRoot) {
            const message = "Block scalar values in collections must be indented";
            onError(offset, "BAD_INDENT", message);
          }
          break;
        }
        offset += indent.length + content.length + 1;
      }
      for (let i = lines.length - 1; i >= chompStart; --i) {
        if (lines[i][0].length > trimIndent)
          chompStart = i + 1;
      }
      let value = "";
      let sep2 = "";
      let prevMoreIndented = false;
      for (let i = 0; i < contentStart; ++i)
        value += lines[i][0].slice(trimIndent) + "\n";
      for (let i = contentStart; i < chompStart; ++i) {
        let [indent, content] = lines[i];
        offset += indent.length + content.length + 1;
        const crlf = content[content.length - 1] === "\r";
        if (crlf)
          content = content.slice(0, -1);
        if (content && indent.length < trimIndent) {
          const src = header.indent ? "explicit indentation indicator" : "first line";
          const message = `Block scalar lines must not be less indented than their ${src}`;
          onError(offset - content.length - (crlf ? 2 : 1), "BAD_INDENT", message);
          indent = "";
        }
        if (type === Scalar.Scalar.BLOCK_LITERAL) {
          value += sep2 + indent.slice(trimIndent) + content;
          sep2 = "\n";
        } else if (indent.length > trimIndent || content[0] === "	") {
          if (sep2 === " ")
            sep2 = "\n";
          else if (!prevMoreIndented && sep2 === "\n")
            sep2 = "\n\n";
          value += sep2 + indent.slice(trimIndent) + content;
          sep2 = "\n";
          prevMoreIndented = true;
        } else if (content === "") {
          if (sep2 === "\n")
            value += "\n";
          else
            sep2 = "\n";
        } else {
          value += sep2 + content;
          sep2 = " ";
          prevMoreIndented = false;
        }
      }
      switch (header.chomp) {
        case "-":
          break;
        case "+":
          for (let i = chompStart; i < lines.length; ++i)
            value += "\n" + lines[i][0].slice(trimIndent);
          if (value[value.length - 1] !== "\n")
            value += "\n";
          break;
        default:
          value += "\n";
      }
      const end = start + header.length + scalar.source.length;
      return { value, type, comment: header.comment, range: [start, end, end] };
    }
    function parseBlockScalarHeader({ offset, props }, strict, onError) {
      if (props[0].type !== "block-scalar-header") {
        onError(props[0], "IMPOSSIBLE", "Block scalar header not found");
        return null;
      }
      const { source } = props[0];
      const mode = source[0];
      let indent = 0;
      let chomp = "";
      let error = -1;
      for (let i = 1; i < source.length; ++i) {
        const ch = source[i];
        if (!chomp && (ch === "-" || ch === "+"))
          chomp = ch;
        else {
          const n = Number(ch);
          if (!indent && n)
            indent = n;
          else if (error === -1)
            error = offset + i;
        }
      }
      if (error !== -1)
        onError(error, "UNEXPECTED_TOKEN", `Block scalar header includes extra characters: ${source}`);
      let hasSpace = false;
      let comment = "";
      let length = source.length;
      for (let i = 1; i < props.length; ++i) {
        const token = props[i];
        switch (token.type) {
          case "space":
            hasSpace = true;
          // fallthrough
          case "newline":
            length += token.source.length;
            break;
          case "comment":
            if (strict && !hasSpace) {
              const message = "Comments must be separated from other tokens by white space characters";
              onError(token, "MISSING_CHAR", message);
            }
            length += token.source.length;
            comment = token.source.substring(1);
            break;
          case "error":
            onError(token, "UNEXPECTED_TOKEN", token.message);
            length += token.source.length;
            break;
          /* istanbul ignore next should not happen */
          default: {
            const message = `Unexpected token in block scalar header: ${token.type}`;
            onError(token, "UNEXPECTED_TOKEN", message);
            const ts = token.source;
            if (ts && typeof ts === "string")
              length += ts.length;
          }
        }
      }
      return { mode, indent, chomp, comment, length };
    }
    function splitLines(source) {
      const split = source.split(/\n( *)/);
      const first = split[0];
      const m = first.match(/^( *)/);
      const line0 = m?.[1] ? [m[1], first.slice(m[1].length)] : ["", first];
      const lines = [line0];
      for (let i = 1; i < split.length; i += 2)
        lines.push([split[i], split[i + 1]]);
      return lines;
    }
    exports.resolveBlockScalar = resolveBlockScalar;
  }
});

// node_modules/yaml/dist/compose/resolve-flow-scalar.js
var require_resolve_flow_scalar = __commonJS({
  "node_modules/yaml/dist/compose/resolve-flow-scalar.js"(exports) {
    "use strict";
    var Scalar = require_Scalar();
    var resolveEnd = require_resolve_end();
    function resolveFlowScalar(scalar, strict, onError) {
      const { offset, type, source, end } = scalar;
      let _type;
      let value;
      const _onError = (rel, code, msg) => onError(offset + rel, code, msg);
      switch (type) {
        case "scalar":
          _type = Scalar.Scalar.PLAIN;
          value = plainValue(source, _onError);
          break;
        case "single-quoted-scalar":
          _type = Scalar.Scalar.QUOTE_SINGLE;
          value = singleQuotedValue(source, _onError);
          break;
        case "double-quoted-scalar":
          _type = Scalar.Scalar.QUOTE_DOUBLE;
          value = doubleQuotedValue(source, _onError);
          break;
        /* istanbul ignore next should not happen */
        default:
          onError(scalar, "UNEXPECTED_TOKEN", `Expected a flow scalar value, but found: ${type}`);
          return {
            value: "",
            type: null,
            comment: "",
            range: [offset, offset + source.length, offset + source.length]
          };
      }
      const valueEnd = offset + source.length;
      const re = resolveEnd.resolveEnd(end, valueEnd, strict, onError);
      return {
        value,
        type: _type,
        comment: re.comment,
        range: [offset, valueEnd, re.offset]
      };
    }
    function plainValue(source, onError) {
      let badChar = "";
      switch (source[0]) {
        /* istanbul ignore next should not happen */
        case "	":
          badChar = "a tab character";
          break;
        case ",":
          badChar = "flow indicator character ,";
          break;
        case "%":
          badChar = "directive indicator character %";
          break;
        case "|":
        case ">": {
          badChar = `block scalar indicator ${source[0]}`;
          break;
        }
        case "@":
        case "`": {
          badChar = `reserved character ${source[0]}`;
          break;
        }
      }
      if (badChar)
        onError(0, "BAD_SCALAR_START", `Plain value cannot start with ${badChar}`);
      return unfoldLines(source);
    }
    function singleQuotedValue(source, onError) {
      if (source[source.length - 1] !== "'" || source.length === 1)
        onError(source.length, "MISSING_CHAR", "Missing closing 'quote");
      return unfoldLines(source.slice(1, -1)).replace(/''/g, "'");
    }
    function unfoldLines(source) {
      const line = /(.*?)\r?\n/sy;
      let match2 = line.exec(source);
      if (!match2)
        return source;
      let trimEnd, trimBoth;
      try {
        trimEnd = new RegExp("(?<![ 	])[ 	]+$");
        trimBoth = new RegExp("^[ 	]+|(?<![ 	])[ 	]+$", "g");
      } catch {
        trimEnd = /[ \t]+$/;
        trimBoth = /^[ \t]+|[ \t]+$/g;
      }
      let res = match2[1].replace(trimEnd, "");
      let sep2 = " ";
      let pos = line.lastIndex;
      while (match2 = line.exec(source)) {
        const lm = match2[1].replace(trimBoth, "");
        if (lm === "") {
          if (sep2 === "\n")
            res += sep2;
          else
            sep2 = "\n";
        } else {
          res += sep2 + lm;
          sep2 = " ";
        }
        pos = line.lastIndex;
      }
      const last = /[ \t]*(.*)/sy;
      last.lastIndex = pos;
      match2 = last.exec(source);
      return res + sep2 + (match2?.[1] ?? "");
    }
    function doubleQuotedValue(source, onError) {
      let res = "";
      for (let i = 1; i < source.length - 1; ++i) {
        const ch = source[i];
        if (ch === "\r" && source[i + 1] === "\n")
          continue;
        if (ch === "\n") {
          const { fold, offset } = foldNewline(source, i);
          res += fold;
          i = offset;
        } else if (ch === "\\") {
          let next = source[++i];
          const cc = escapeCodes[next];
          if (cc)
            res += cc;
          else if (next === "\n") {
            next = source[i + 1];
            while (next === " " || next === "	")
              next = source[++i + 1];
          } else if (next === "\r" && source[i + 1] === "\n") {
            next = source[++i + 1];
            while (next === " " || next === "	")
              next = source[++i + 1];
          } else if (next === "x" || next === "u" || next === "U") {
            const length = next === "x" ? 2 : next === "u" ? 4 : 8;
            res += parseCharCode(source, i + 1, length, onError);
            i += length;
          } else {
            const raw = source.substr(i - 1, 2);
            onError(i - 1, "BAD_DQ_ESCAPE", `Invalid escape sequence ${raw}`);
            res += raw;
          }
        } else if (ch === " " || ch === "	") {
          const wsStart = i;
          let next = source[i + 1];
          while (next === " " || next === "	")
            next = source[++i + 1];
          if (next !== "\n" && !(next === "\r" && source[i + 2] === "\n"))
            res += i > wsStart ? source.slice(wsStart, i + 1) : ch;
        } else {
          res += ch;
        }
      }
      if (source[source.length - 1] !== '"' || source.length === 1)
        onError(source.length, "MISSING_CHAR", 'Missing closing "quote');
      return res;
    }
    function foldNewline(source, offset) {
      let fold = "";
      let ch = source[offset + 1];
      while (ch === " " || ch === "	" || ch === "\n" || ch === "\r") {
        if (ch === "\r" && source[offset + 2] !== "\n")
          break;
        if (ch === "\n")
          fold += "\n";
        offset += 1;
        ch = source[offset + 1];
      }
      if (!fold)
        fold = " ";
      return { fold, offset };
    }
    var escapeCodes = {
      "0": "\0",
      // null character
      a: "\x07",
      // bell character
      b: "\b",
      // backspace
      e: "\x1B",
      // escape character
      f: "\f",
      // form feed
      n: "\n",
      // line feed
      r: "\r",
      // carriage return
      t: "	",
      // horizontal tab
      v: "\v",
      // vertical tab
      N: "\x85",
      // Unicode next line
      _: "\xA0",
      // Unicode non-breaking space
      L: "\u2028",
      // Unicode line separator
      P: "\u2029",
      // Unicode paragraph separator
      " ": " ",
      '"': '"',
      "/": "/",
      "\\": "\\",
      "	": "	"
    };
    function parseCharCode(source, offset, length, onError) {
      const cc = source.substr(offset, length);
      const ok = cc.length === length && /^[0-9a-fA-F]+$/.test(cc);
      const code = ok ? parseInt(cc, 16) : NaN;
      try {
        return String.fromCodePoint(code);
      } catch {
        const raw = source.substr(offset - 2, length + 2);
        onError(offset - 2, "BAD_DQ_ESCAPE", `Invalid escape sequence ${raw}`);
        return raw;
      }
    }
    exports.resolveFlowScalar = resolveFlowScalar;
  }
});

// node_modules/yaml/dist/compose/compose-scalar.js
var require_compose_scalar = __commonJS({
  "node_modules/yaml/dist/compose/compose-scalar.js"(exports) {
    "use strict";
    var identity = require_identity();
    var Scalar = require_Scalar();
    var resolveBlockScalar = require_resolve_block_scalar();
    var resolveFlowScalar = require_resolve_flow_scalar();
    function composeScalar(ctx, token, tagToken, onError) {
      const { value, type, comment, range: range2 } = token.type === "block-scalar" ? resolveBlockScalar.resolveBlockScalar(ctx, token, onError) : resolveFlowScalar.resolveFlowScalar(token, ctx.options.strict, onError);
      const tagName = tagToken ? ctx.directives.tagName(tagToken.source, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg)) : null;
      let tag;
      if (ctx.options.stringKeys && ctx.atKey) {
        tag = ctx.schema[identity.SCALAR];
      } else if (tagName)
        tag = findScalarTagByName(ctx.schema, value, tagName, tagToken, onError);
      else if (token.type === "scalar")
        tag = findScalarTagByTest(ctx, value, token, onError);
      else
        tag = ctx.schema[identity.SCALAR];
      let scalar;
      try {
        const res = tag.resolve(value, (msg) => onError(tagToken ?? token, "TAG_RESOLVE_FAILED", msg), ctx.options);
        scalar = identity.isScalar(res) ? res : new Scalar.Scalar(res);
      } catch (error) {
        const msg = error instanceof Error ? error.message : String(error);
        onError(tagToken ?? token, "TAG_RESOLVE_FAILED", msg);
        scalar = new Scalar.Scalar(value);
      }
      scalar.range = range2;
      scalar.source = value;
      if (type)
        scalar.type = type;
      if (tagName)
        scalar.tag = tagName;
      if (tag.format)
        scalar.format = tag.format;
      if (comment)
        scalar.comment = comment;
      return scalar;
    }
    function findScalarTagByName(schema, value, tagName, tagToken, onError) {
      if (tagName === "!")
        return schema[identity.SCALAR];
      const matchWithTest = [];
      for (const tag of schema.tags) {
        if (!tag.collection && tag.tag === tagName) {
          if (tag.default && tag.test)
            matchWithTest.push(tag);
          else
            return tag;
        }
      }
      for (const tag of matchWithTest)
        if (tag.test?.test(value))
          return tag;
      const kt = schema.knownTags[tagName];
      if (kt && !kt.collection) {
        schema.tags.push(Object.assign({}, kt, { default: false, test: void 0 }));
        return kt;
      }
      onError(tagToken, "TAG_RESOLVE_FAILED", `Unresolved tag: ${tagName}`, tagName !== "tag:yaml.org,2002:str");
      return schema[identity.SCALAR];
    }
    function findScalarTagByTest({ atKey, directives, schema }, value, token, onError) {
      const tag = schema.tags.find((tag2) => (tag2.default === true || atKey && tag2.default === "key") && tag2.test?.test(value)) || schema[identity.SCALAR];
      if (schema.compat) {
        const compat = schema.compat.find((tag2) => tag2.default && tag2.test?.test(value)) ?? schema[identity.SCALAR];
        if (tag.tag !== compat.tag) {
          const ts = directives.tagString(tag.tag);
          const cs = directives.tagString(compat.tag);
          const msg = `Value may be parsed as either ${ts} or ${cs}`;
          onError(token, "TAG_RESOLVE_FAILED", msg, true);
        }
      }
      return tag;
    }
    exports.composeScalar = composeScalar;
  }
});

// node_modules/yaml/dist/compose/util-empty-scalar-position.js
var require_util_empty_scalar_position = __commonJS({
  "node_modules/yaml/dist/compose/util-empty-scalar-position.js"(exports) {
    "use strict";
    function emptyScalarPosition(offset, before, pos) {
      if (before) {
        pos ?? (pos = before.length);
        for (let i = pos - 1; i >= 0; --i) {
          let st = before[i];
          switch (st.type) {
            case "space":
            case "comment":
            case "newline":
              offset -= st.source.length;
              continue;
          }
          st = before[++i];
          while (st?.type === "space") {
            offset += st.source.length;
            st = before[++i];
          }
          break;
        }
      }
      return offset;
    }
    exports.emptyScalarPosition = emptyScalarPosition;
  }
});

// node_modules/yaml/dist/compose/compose-node.js
var require_compose_node = __commonJS({
  "node_modules/yaml/dist/compose/compose-node.js"(exports) {
    "use strict";
    var Alias = require_Alias();
    var identity = require_identity();
    var composeCollection = require_compose_collection();
    var composeScalar = require_compose_scalar();
    var resolveEnd = require_resolve_end();
    var utilEmptyScalarPosition = require_util_empty_scalar_position();
    var CN = { composeNode, composeEmptyNode };
    function composeNode(ctx, token, props, onError) {
      const atKey = ctx.atKey;
      const { spaceBefore, comment, anchor, tag } = props;
      let node;
      let isSrcToken = true;
      switch (token.type) {
        case "alias":
          node = composeAlias(ctx, token, onError);
          if (anchor || tag)
            onError(token, "ALIAS_PROPS", "An alias node must not specify any properties");
          break;
        case "scalar":
        case "single-quoted-scalar":
        case "double-quoted-scalar":
        case "block-scalar":
          node = composeScalar.composeScalar(ctx, token, tag, onError);
          if (anchor)
            node.anchor = anchor.source.substring(1);
          break;
        case "block-map":
        case "block-seq":
        case "flow-collection":
          try {
            node = composeCollection.composeCollection(CN, ctx, token, props, onError);
            if (anchor)
              node.anchor = anchor.source.substring(1);
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            onError(token, "RESOURCE_EXHAUSTION", message);
          }
          break;
        default: {
          const message = token.type === "error" ? token.message : `Unsupported token (type: ${token.type})`;
          onError(token, "UNEXPECTED_TOKEN", message);
          isSrcToken = false;
        }
      }
      node ?? (node = composeEmptyNode(ctx, token.offset, void 0, null, props, onError));
      if (anchor && node.anchor === "")
        onError(anchor, "BAD_ALIAS", "Anchor cannot be an empty string");
      if (atKey && ctx.options.stringKeys && (!identity.isScalar(node) || typeof node.value !== "string" || node.tag && node.tag !== "tag:yaml.org,2002:str")) {
        const msg = "With stringKeys, all keys must be strings";
        onError(tag ?? token, "NON_STRING_KEY", msg);
      }
      if (spaceBefore)
        node.spaceBefore = true;
      if (comment) {
        if (token.type === "scalar" && token.source === "")
          node.comment = comment;
        else
          node.commentBefore = comment;
      }
      if (ctx.options.keepSourceTokens && isSrcToken)
        node.srcToken = token;
      return node;
    }
    function composeEmptyNode(ctx, offset, before, pos, { spaceBefore, comment, anchor, tag, end }, onError) {
      const token = {
        type: "scalar",
        offset: utilEmptyScalarPosition.emptyScalarPosition(offset, before, pos),
        indent: -1,
        source: ""
      };
      const node = composeScalar.composeScalar(ctx, token, tag, onError);
      if (anchor) {
        node.anchor = anchor.source.substring(1);
        if (node.anchor === "")
          onError(anchor, "BAD_ALIAS", "Anchor cannot be an empty string");
      }
      if (spaceBefore)
        node.spaceBefore = true;
      if (comment) {
        node.comment = comment;
        node.range[2] = end;
      }
      return node;
    }
    function composeAlias({ options }, { offset, source, end }, onError) {
      const alias = new Alias.Alias(source.substring(1));
      if (alias.source === "")
        onError(offset, "BAD_ALIAS", "Alias cannot be an empty string");
      if (alias.source.endsWith(":"))
        onError(offset + source.length - 1, "BAD_ALIAS", "Alias ending in : is ambiguous", true);
      const valueEnd = offset + source.length;
      const re = resolveEnd.resolveEnd(end, valueEnd, options.strict, onError);
      alias.range = [offset, valueEnd, re.offset];
      if (re.comment)
        alias.comment = re.comment;
      return alias;
    }
    exports.composeEmptyNode = composeEmptyNode;
    exports.composeNode = composeNode;
  }
});

// node_modules/yaml/dist/compose/compose-doc.js
var require_compose_doc = __commonJS({
  "node_modules/yaml/dist/compose/compose-doc.js"(exports) {
    "use strict";
    var Document = require_Document();
    var composeNode = require_compose_node();
    var resolveEnd = require_resolve_end();
    var resolveProps = require_resolve_props();
    function composeDoc(options, directives, { offset, start, value, end }, onError) {
      const opts = Object.assign({ _directives: directives }, options);
      const doc = new Document.Document(void 0, opts);
      const ctx = {
        atKey: false,
        atRoot: true,
        directives: doc.directives,
        options: doc.options,
        schema: doc.schema
      };
      const props = resolveProps.resolveProps(start, {
        indicator: "doc-start",
        next: value ?? end?.[0],
        offset,
        onError,
        parentIndent: 0,
        startOnNewline: true
      });
      if (props.found) {
        doc.directives.docStart = true;
        if (value && (value.type === "block-map" || value.type === "block-seq") && !props.hasNewline)
          onError(props.end, "MISSING_CHAR", "Block collection cannot start on same line with directives-end marker");
      }
      doc.contents = value ? composeNode.composeNode(ctx, value, props, onError) : composeNode.composeEmptyNode(ctx, props.end, start, null, props, onError);
      const contentEnd = doc.contents.range[2];
      const re = resolveEnd.resolveEnd(end, contentEnd, false, onError);
      if (re.comment)
        doc.comment = re.comment;
      doc.range = [offset, contentEnd, re.offset];
      return doc;
    }
    exports.composeDoc = composeDoc;
  }
});

// node_modules/yaml/dist/compose/composer.js
var require_composer = __commonJS({
  "node_modules/yaml/dist/compose/composer.js"(exports) {
    "use strict";
    var node_process = __require("process");
    var directives = require_directives();
    var Document = require_Document();
    var errors = require_errors();
    var identity = require_identity();
    var composeDoc = require_compose_doc();
    var resolveEnd = require_resolve_end();
    function getErrorPos(src) {
      if (typeof src === "number")
        return [src, src + 1];
      if (Array.isArray(src))
        return src.length === 2 ? src : [src[0], src[1]];
      const { offset, source } = src;
      return [offset, offset + (typeof source === "string" ? source.length : 1)];
    }
    function parsePrelude(prelude) {
      let comment = "";
      let atComment = false;
      let afterEmptyLine = false;
      for (let i = 0; i < prelude.length; ++i) {
        const source = prelude[i];
        switch (source[0]) {
          case "#":
            comment += (comment === "" ? "" : afterEmptyLine ? "\n\n" : "\n") + (source.substring(1) || " ");
            atComment = true;
            afterEmptyLine = false;
            break;
          case "%":
            if (prelude[i + 1]?.[0] !== "#")
              i += 1;
            atComment = false;
            break;
          default:
            if (!atComment)
              afterEmptyLine = true;
            atComment = false;
        }
      }
      return { comment, afterEmptyLine };
    }
    var Composer = class {
      constructor(options = {}) {
        this.doc = null;
        this.atDirectives = false;
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
        this.onError = (source, code, message, warning) => {
          const pos = getErrorPos(source);
          if (warning)
            this.warnings.push(new errors.YAMLWarning(pos, code, message));
          else
            this.errors.push(new errors.YAMLParseError(pos, code, message));
        };
        this.directives = new directives.Directives({ version: options.version || "1.2" });
        this.options = options;
      }
      decorate(doc, afterDoc) {
        const { comment, afterEmptyLine } = parsePrelude(this.prelude);
        if (comment) {
          const dc = doc.contents;
          if (afterDoc) {
            doc.comment = doc.comment ? `${doc.comment}
${comment}` : comment;
          } else if (afterEmptyLine || doc.directives.docStart || !dc) {
            doc.commentBefore = comment;
          } else if (identity.isCollection(dc) && !dc.flow && dc.items.length > 0) {
            let it = dc.items[0];
            if (identity.isPair(it))
              it = it.key;
            const cb = it.commentBefore;
            it.commentBefore = cb ? `${comment}
${cb}` : comment;
          } else {
            const cb = dc.commentBefore;
            dc.commentBefore = cb ? `${comment}
${cb}` : comment;
          }
        }
        if (afterDoc) {
          for (let i = 0; i < this.errors.length; ++i)
            doc.errors.push(this.errors[i]);
          for (let i = 0; i < this.warnings.length; ++i)
            doc.warnings.push(this.warnings[i]);
        } else {
          doc.errors = this.errors;
          doc.warnings = this.warnings;
        }
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
      }
      /**
       * Current stream status information.
       *
       * Mostly useful at the end of input for an empty stream.
       */
      streamInfo() {
        return {
          comment: parsePrelude(this.prelude).comment,
          directives: this.directives,
          errors: this.errors,
          warnings: this.warnings
        };
      }
      /**
       * Compose tokens into documents.
       *
       * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
       * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
       */
      *compose(tokens, forceDoc = false, endOffset = -1) {
        for (const token of tokens)
          yield* this.next(token);
        yield* this.end(forceDoc, endOffset);
      }
      /** Advance the composer by one CST token. */
      *next(token) {
        if (node_process.env.LOG_STREAM)
          console.dir(token, { depth: null });
        switch (token.type) {
          case "directive":
            this.directives.add(token.source, (offset, message, warning) => {
              const pos = getErrorPos(token);
              pos[0] += offset;
              this.onError(pos, "BAD_DIRECTIVE", message, warning);
            });
            this.prelude.push(token.source);
            this.atDirectives = true;
            break;
          case "document": {
            const doc = composeDoc.composeDoc(this.options, this.directives, token, this.onError);
            if (this.atDirectives && !doc.directives.docStart)
              this.onError(token, "MISSING_CHAR", "Missing directives-end/doc-start indicator line");
            this.decorate(doc, false);
            if (this.doc)
              yield this.doc;
            this.doc = doc;
            this.atDirectives = false;
            break;
          }
          case "byte-order-mark":
          case "space":
            break;
          case "comment":
          case "newline":
            this.prelude.push(token.source);
            break;
          case "error": {
            const msg = token.source ? `${token.message}: ${JSON.stringify(token.source)}` : token.message;
            const error = new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", msg);
            if (this.atDirectives || !this.doc)
              this.errors.push(error);
            else
              this.doc.errors.push(error);
            break;
          }
          case "doc-end": {
            if (!this.doc) {
              const msg = "Unexpected doc-end without preceding document";
              this.errors.push(new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", msg));
              break;
            }
            this.doc.directives.docEnd = true;
            const end = resolveEnd.resolveEnd(token.end, token.offset + token.source.length, this.doc.options.strict, this.onError);
            this.decorate(this.doc, true);
            if (end.comment) {
              const dc = this.doc.comment;
              this.doc.comment = dc ? `${dc}
${end.comment}` : end.comment;
            }
            this.doc.range[2] = end.offset;
            break;
          }
          default:
            this.errors.push(new errors.YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", `Unsupported token ${token.type}`));
        }
      }
      /**
       * Call at end of input to yield any remaining document.
       *
       * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
       * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
       */
      *end(forceDoc = false, endOffset = -1) {
        if (this.doc) {
          this.decorate(this.doc, true);
          yield this.doc;
          this.doc = null;
        } else if (forceDoc) {
          const opts = Object.assign({ _directives: this.directives }, this.options);
          const doc = new Document.Document(void 0, opts);
          if (this.atDirectives)
            this.onError(endOffset, "MISSING_CHAR", "Missing directives-end indicator line");
          doc.range = [0, endOffset, endOffset];
          this.decorate(doc, false);
          yield doc;
        }
      }
    };
    exports.Composer = Composer;
  }
});

// node_modules/yaml/dist/parse/cst-scalar.js
var require_cst_scalar = __commonJS({
  "node_modules/yaml/dist/parse/cst-scalar.js"(exports) {
    "use strict";
    var resolveBlockScalar = require_resolve_block_scalar();
    var resolveFlowScalar = require_resolve_flow_scalar();
    var errors = require_errors();
    var stringifyString = require_stringifyString();
    function resolveAsScalar(token, strict = true, onError) {
      if (token) {
        const _onError = (pos, code, message) => {
          const offset = typeof pos === "number" ? pos : Array.isArray(pos) ? pos[0] : pos.offset;
          if (onError)
            onError(offset, code, message);
          else
            throw new errors.YAMLParseError([offset, offset + 1], code, message);
        };
        switch (token.type) {
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return resolveFlowScalar.resolveFlowScalar(token, strict, _onError);
          case "block-scalar":
            return resolveBlockScalar.resolveBlockScalar({ options: { strict } }, token, _onError);
        }
      }
      return null;
    }
    function createScalarToken(value, context) {
      const { implicitKey = false, indent, inFlow = false, offset = -1, type = "PLAIN" } = context;
      const source = stringifyString.stringifyString({ type, value }, {
        implicitKey,
        indent: indent > 0 ? " ".repeat(indent) : "",
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
      });
      const end = context.end ?? [
        { type: "newline", offset: -1, indent, source: "\n" }
      ];
      switch (source[0]) {
        case "|":
        case ">": {
          const he = source.indexOf("\n");
          const head = source.substring(0, he);
          const body = source.substring(he + 1) + "\n";
          const props = [
            { type: "block-scalar-header", offset, indent, source: head }
          ];
          if (!addEndtoBlockProps(props, end))
            props.push({ type: "newline", offset: -1, indent, source: "\n" });
          return { type: "block-scalar", offset, indent, props, source: body };
        }
        case '"':
          return { type: "double-quoted-scalar", offset, indent, source, end };
        case "'":
          return { type: "single-quoted-scalar", offset, indent, source, end };
        default:
          return { type: "scalar", offset, indent, source, end };
      }
    }
    function setScalarValue(token, value, context = {}) {
      let { afterKey = false, implicitKey = false, inFlow = false, type } = context;
      let indent = "indent" in token ? token.indent : null;
      if (afterKey && typeof indent === "number")
        indent += 2;
      if (!type)
        switch (token.type) {
          case "single-quoted-scalar":
            type = "QUOTE_SINGLE";
            break;
          case "double-quoted-scalar":
            type = "QUOTE_DOUBLE";
            break;
          case "block-scalar": {
            const header = token.props[0];
            if (header.type !== "block-scalar-header")
              throw new Error("Invalid block scalar header");
            type = header.source[0] === ">" ? "BLOCK_FOLDED" : "BLOCK_LITERAL";
            break;
          }
          default:
            type = "PLAIN";
        }
      const source = stringifyString.stringifyString({ type, value }, {
        implicitKey: implicitKey || indent === null,
        indent: indent !== null && indent > 0 ? " ".repeat(indent) : "",
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
      });
      switch (source[0]) {
        case "|":
        case ">":
          setBlockScalarValue(token, source);
          break;
        case '"':
          setFlowScalarValue(token, source, "double-quoted-scalar");
          break;
        case "'":
          setFlowScalarValue(token, source, "single-quoted-scalar");
          break;
        default:
          setFlowScalarValue(token, source, "scalar");
      }
    }
    function setBlockScalarValue(token, source) {
      const he = source.indexOf("\n");
      const head = source.substring(0, he);
      const body = source.substring(he + 1) + "\n";
      if (token.type === "block-scalar") {
        const header = token.props[0];
        if (header.type !== "block-scalar-header")
          throw new Error("Invalid block scalar header");
        header.source = head;
        token.source = body;
      } else {
        const { offset } = token;
        const indent = "indent" in token ? token.indent : -1;
        const props = [
          { type: "block-scalar-header", offset, indent, source: head }
        ];
        if (!addEndtoBlockProps(props, "end" in token ? token.end : void 0))
          props.push({ type: "newline", offset: -1, indent, source: "\n" });
        for (const key of Object.keys(token))
          if (key !== "type" && key !== "offset")
            delete token[key];
        Object.assign(token, { type: "block-scalar", indent, props, source: body });
      }
    }
    function addEndtoBlockProps(props, end) {
      if (end)
        for (const st of end)
          switch (st.type) {
            case "space":
            case "comment":
              props.push(st);
              break;
            case "newline":
              props.push(st);
              return true;
          }
      return false;
    }
    function setFlowScalarValue(token, source, type) {
      switch (token.type) {
        case "scalar":
        case "double-quoted-scalar":
        case "single-quoted-scalar":
          token.type = type;
          token.source = source;
          break;
        case "block-scalar": {
          const end = token.props.slice(1);
          let oa = source.length;
          if (token.props[0].type === "block-scalar-header")
            oa -= token.props[0].source.length;
          for (const tok of end)
            tok.offset += oa;
          delete token.props;
          Object.assign(token, { type, source, end });
          break;
        }
        case "block-map":
        case "block-seq": {
          const offset = token.offset + source.length;
          const nl = { type: "newline", offset, indent: token.indent, source: "\n" };
          delete token.items;
          Object.assign(token, { type, source, end: [nl] });
          break;
        }
        default: {
          const indent = "indent" in token ? token.indent : -1;
          const end = "end" in token && Array.isArray(token.end) ? token.end.filter((st) => st.type === "space" || st.type === "comment" || st.type === "newline") : [];
          for (const key of Object.keys(token))
            if (key !== "type" && key !== "offset")
              delete token[key];
          Object.assign(token, { type, indent, source, end });
        }
      }
    }
    exports.createScalarToken = createScalarToken;
    exports.resolveAsScalar = resolveAsScalar;
    exports.setScalarValue = setScalarValue;
  }
});

// node_modules/yaml/dist/parse/cst-stringify.js
var require_cst_stringify = __commonJS({
  "node_modules/yaml/dist/parse/cst-stringify.js"(exports) {
    "use strict";
    var stringify = (cst) => "type" in cst ? stringifyToken(cst) : stringifyItem(cst);
    function stringifyToken(token) {
      switch (token.type) {
        case "block-scalar": {
          let res = "";
          for (const tok of token.props)
            res += stringifyToken(tok);
          return res + token.source;
        }
        case "block-map":
        case "block-seq": {
          let res = "";
          for (const item of token.items)
            res += stringifyItem(item);
          return res;
        }
        case "flow-collection": {
          let res = token.start.source;
          for (const item of token.items)
            res += stringifyItem(item);
          for (const st of token.end)
            res += st.source;
          return res;
        }
        case "document": {
          let res = stringifyItem(token);
          if (token.end)
            for (const st of token.end)
              res += st.source;
          return res;
        }
        default: {
          let res = token.source;
          if ("end" in token && token.end)
            for (const st of token.end)
              res += st.source;
          return res;
        }
      }
    }
    function stringifyItem({ start, key, sep: sep2, value }) {
      let res = "";
      for (const st of start)
        res += st.source;
      if (key)
        res += stringifyToken(key);
      if (sep2)
        for (const st of sep2)
          res += st.source;
      if (value)
        res += stringifyToken(value);
      return res;
    }
    exports.stringify = stringify;
  }
});

// node_modules/yaml/dist/parse/cst-visit.js
var require_cst_visit = __commonJS({
  "node_modules/yaml/dist/parse/cst-visit.js"(exports) {
    "use strict";
    var BREAK = /* @__PURE__ */ Symbol("break visit");
    var SKIP = /* @__PURE__ */ Symbol("skip children");
    var REMOVE = /* @__PURE__ */ Symbol("remove item");
    function visit(cst, visitor) {
      if ("type" in cst && cst.type === "document")
        cst = { start: cst.start, value: cst.value };
      _visit(Object.freeze([]), cst, visitor);
    }
    visit.BREAK = BREAK;
    visit.SKIP = SKIP;
    visit.REMOVE = REMOVE;
    visit.itemAtPath = (cst, path7) => {
      let item = cst;
      for (const [field, index] of path7) {
        const tok = item?.[field];
        if (tok && "items" in tok) {
          item = tok.items[index];
        } else
          return void 0;
      }
      return item;
    };
    visit.parentCollection = (cst, path7) => {
      const parent = visit.itemAtPath(cst, path7.slice(0, -1));
      const field = path7[path7.length - 1][0];
      const coll = parent?.[field];
      if (coll && "items" in coll)
        return coll;
      throw new Error("Parent collection not found");
    };
    function _visit(path7, item, visitor) {
      let ctrl = visitor(item, path7);
      if (typeof ctrl === "symbol")
        return ctrl;
      for (const field of ["key", "value"]) {
        const token = item[field];
        if (token && "items" in token) {
          for (let i = 0; i < token.items.length; ++i) {
            const ci = _visit(Object.freeze(path7.concat([[field, i]])), token.items[i], visitor);
            if (typeof ci === "number")
              i = ci - 1;
            else if (ci === BREAK)
              return BREAK;
            else if (ci === REMOVE) {
              token.items.splice(i, 1);
              i -= 1;
            }
          }
          if (typeof ctrl === "function" && field === "key")
            ctrl = ctrl(item, path7);
        }
      }
      return typeof ctrl === "function" ? ctrl(item, path7) : ctrl;
    }
    exports.visit = visit;
  }
});

// node_modules/yaml/dist/parse/cst.js
var require_cst = __commonJS({
  "node_modules/yaml/dist/parse/cst.js"(exports) {
    "use strict";
    var cstScalar = require_cst_scalar();
    var cstStringify = require_cst_stringify();
    var cstVisit = require_cst_visit();
    var BOM = "\uFEFF";
    var DOCUMENT = "";
    var FLOW_END = "";
    var SCALAR = "";
    var isCollection = (token) => !!token && "items" in token;
    var isScalar = (token) => !!token && (token.type === "scalar" || token.type === "single-quoted-scalar" || token.type === "double-quoted-scalar" || token.type === "block-scalar");
    function prettyToken(token) {
      switch (token) {
        case BOM:
          return "<BOM>";
        case DOCUMENT:
          return "<DOC>";
        case FLOW_END:
          return "<FLOW_END>";
        case SCALAR:
          return "<SCALAR>";
        default:
          return JSON.stringify(token);
      }
    }
    function tokenType(source) {
      switch (source) {
        case BOM:
          return "byte-order-mark";
        case DOCUMENT:
          return "doc-mode";
        case FLOW_END:
          return "flow-error-end";
        case SCALAR:
          return "scalar";
        case "---":
          return "doc-start";
        case "...":
          return "doc-end";
        case "":
        case "\n":
        case "\r\n":
          return "newline";
        case "-":
          return "seq-item-ind";
        case "?":
          return "explicit-key-ind";
        case ":":
          return "map-value-ind";
        case "{":
          return "flow-map-start";
        case "}":
          return "flow-map-end";
        case "[":
          return "flow-seq-start";
        case "]":
          return "flow-seq-end";
        case ",":
          return "comma";
      }
      switch (source[0]) {
        case " ":
        case "	":
          return "space";
        case "#":
          return "comment";
        case "%":
          return "directive-line";
        case "*":
          return "alias";
        case "&":
          return "anchor";
        case "!":
          return "tag";
        case "'":
          return "single-quoted-scalar";
        case '"':
          return "double-quoted-scalar";
        case "|":
        case ">":
          return "block-scalar-header";
      }
      return null;
    }
    exports.createScalarToken = cstScalar.createScalarToken;
    exports.resolveAsScalar = cstScalar.resolveAsScalar;
    exports.setScalarValue = cstScalar.setScalarValue;
    exports.stringify = cstStringify.stringify;
    exports.visit = cstVisit.visit;
    exports.BOM = BOM;
    exports.DOCUMENT = DOCUMENT;
    exports.FLOW_END = FLOW_END;
    exports.SCALAR = SCALAR;
    exports.isCollection = isCollection;
    exports.isScalar = isScalar;
    exports.prettyToken = prettyToken;
    exports.tokenType = tokenType;
  }
});

// node_modules/yaml/dist/parse/lexer.js
var require_lexer = __commonJS({
  "node_modules/yaml/dist/parse/lexer.js"(exports) {
    "use strict";
    var cst = require_cst();
    function isEmpty(ch) {
      switch (ch) {
        case void 0:
        case " ":
        case "\n":
        case "\r":
        case "	":
          return true;
        default:
          return false;
      }
    }
    var hexDigits = new Set("0123456789ABCDEFabcdef");
    var tagChars = new Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#;/?:@&=+$_.!~*'()");
    var flowIndicatorChars = new Set(",[]{}");
    var invalidAnchorChars = new Set(" ,[]{}\n\r	");
    var isNotAnchorChar = (ch) => !ch || invalidAnchorChars.has(ch);
    var Lexer = class {
      constructor() {
        this.atEnd = false;
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        this.buffer = "";
        this.flowKey = false;
        this.flowLevel = 0;
        this.indentNext = 0;
        this.indentValue = 0;
        this.lineEndPos = null;
        this.next = null;
        this.pos = 0;
      }
      /**
       * Generate YAML tokens from the `source` string. If `incomplete`,
       * a part of the last line may be left as a buffer for the next call.
       *
       * @returns A generator of lexical tokens
       */
      *lex(source, incomplete = false) {
        if (source) {
          if (typeof source !== "string")
            throw TypeError("source is not a string");
          this.buffer = this.buffer ? this.buffer + source : source;
          this.lineEndPos = null;
        }
        this.atEnd = !incomplete;
        let next = this.next ?? "stream";
        while (next && (incomplete || this.hasChars(1)))
          next = yield* this.parseNext(next);
      }
      atLineEnd() {
        let i = this.pos;
        let ch = this.buffer[i];
        while (ch === " " || ch === "	")
          ch = this.buffer[++i];
        if (!ch || ch === "#" || ch === "\n")
          return true;
        if (ch === "\r")
          return this.buffer[i + 1] === "\n";
        return false;
      }
      charAt(n) {
        return this.buffer[this.pos + n];
      }
      continueScalar(offset) {
        let ch = this.buffer[offset];
        if (this.indentNext > 0) {
          let indent = 0;
          while (ch === " ")
            ch = this.buffer[++indent + offset];
          if (ch === "\r") {
            const next = this.buffer[indent + offset + 1];
            if (next === "\n" || !next && !this.atEnd)
              return offset + indent + 1;
          }
          return ch === "\n" || indent >= this.indentNext || !ch && !this.atEnd ? offset + indent : -1;
        }
        if (ch === "-" || ch === ".") {
          const dt = this.buffer.substr(offset, 3);
          if ((dt === "---" || dt === "...") && isEmpty(this.buffer[offset + 3]))
            return -1;
        }
        return offset;
      }
      getLine() {
        let end = this.lineEndPos;
        if (typeof end !== "number" || end !== -1 && end < this.pos) {
          end = this.buffer.indexOf("\n", this.pos);
          this.lineEndPos = end;
        }
        if (end === -1)
          return this.atEnd ? this.buffer.substring(this.pos) : null;
        if (this.buffer[end - 1] === "\r")
          end -= 1;
        return this.buffer.substring(this.pos, end);
      }
      hasChars(n) {
        return this.pos + n <= this.buffer.length;
      }
      setNext(state) {
        this.buffer = this.buffer.substring(this.pos);
        this.pos = 0;
        this.lineEndPos = null;
        this.next = state;
        return null;
      }
      peek(n) {
        return this.buffer.substr(this.pos, n);
      }
      *parseNext(next) {
        switch (next) {
          case "stream":
            return yield* this.parseStream();
          case "line-start":
            return yield* this.parseLineStart();
          case "block-start":
            return yield* this.parseBlockStart();
          case "doc":
            return yield* this.parseDocument();
          case "flow":
            return yield* this.parseFlowCollection();
          case "quoted-scalar":
            return yield* this.parseQuotedScalar();
          case "block-scalar":
            return yield* this.parseBlockScalar();
          case "plain-scalar":
            return yield* this.parsePlainScalar();
        }
      }
      *parseStream() {
        let line = this.getLine();
        if (line === null)
          return this.setNext("stream");
        if (line[0] === cst.BOM) {
          yield* this.pushCount(1);
          line = line.substring(1);
        }
        if (line[0] === "%") {
          let dirEnd = line.length;
          let cs = line.indexOf("#");
          while (cs !== -1) {
            const ch = line[cs - 1];
            if (ch === " " || ch === "	") {
              dirEnd = cs - 1;
              break;
            } else {
              cs = line.indexOf("#", cs + 1);
            }
          }
          while (true) {
            const ch = line[dirEnd - 1];
            if (ch === " " || ch === "	")
              dirEnd -= 1;
            else
              break;
          }
          const n = (yield* this.pushCount(dirEnd)) + (yield* this.pushSpaces(true));
          yield* this.pushCount(line.length - n);
          this.pushNewline();
          return "stream";
        }
        if (this.atLineEnd()) {
          const sp = yield* this.pushSpaces(true);
          yield* this.pushCount(line.length - sp);
          yield* this.pushNewline();
          return "stream";
        }
        yield cst.DOCUMENT;
        return yield* this.parseLineStart();
      }
      *parseLineStart() {
        const ch = this.charAt(0);
        if (!ch && !this.atEnd)
          return this.setNext("line-start");
        if (ch === "-" || ch === ".") {
          if (!this.atEnd && !this.hasChars(4))
            return this.setNext("line-start");
          const s = this.peek(3);
          if ((s === "---" || s === "...") && isEmpty(this.charAt(3))) {
            yield* this.pushCount(3);
            this.indentValue = 0;
            this.indentNext = 0;
            return s === "---" ? "doc" : "stream";
          }
        }
        this.indentValue = yield* this.pushSpaces(false);
        if (this.indentNext > this.indentValue && !isEmpty(this.charAt(1)))
          this.indentNext = this.indentValue;
        return yield* this.parseBlockStart();
      }
      *parseBlockStart() {
        const [ch0, ch1] = this.peek(2);
        if (!ch1 && !this.atEnd)
          return this.setNext("block-start");
        if ((ch0 === "-" || ch0 === "?" || ch0 === ":") && isEmpty(ch1)) {
          const n = (yield* this.pushCount(1)) + (yield* this.pushSpaces(true));
          this.indentNext = this.indentValue + 1;
          this.indentValue += n;
          return "block-start";
        }
        return "doc";
      }
      *parseDocument() {
        yield* this.pushSpaces(true);
        const line = this.getLine();
        if (line === null)
          return this.setNext("doc");
        let n = yield* this.pushIndicators();
        switch (line[n]) {
          case "#":
            yield* this.pushCount(line.length - n);
          // fallthrough
          case void 0:
            yield* this.pushNewline();
            return yield* this.parseLineStart();
          case "{":
          case "[":
            yield* this.pushCount(1);
            this.flowKey = false;
            this.flowLevel = 1;
            return "flow";
          case "}":
          case "]":
            yield* this.pushCount(1);
            return "doc";
          case "*":
            yield* this.pushUntil(isNotAnchorChar);
            return "doc";
          case '"':
          case "'":
            return yield* this.parseQuotedScalar();
          case "|":
          case ">":
            n += yield* this.parseBlockScalarHeader();
            n += yield* this.pushSpaces(true);
            yield* this.pushCount(line.length - n);
            yield* this.pushNewline();
            return yield* this.parseBlockScalar();
          default:
            return yield* this.parsePlainScalar();
        }
      }
      *parseFlowCollection() {
        let nl, sp;
        let indent = -1;
        do {
          nl = yield* this.pushNewline();
          if (nl > 0) {
            sp = yield* this.pushSpaces(false);
            this.indentValue = indent = sp;
          } else {
            sp = 0;
          }
          sp += yield* this.pushSpaces(true);
        } while (nl + sp > 0);
        const line = this.getLine();
        if (line === null)
          return this.setNext("flow");
        if (indent !== -1 && indent < this.indentNext && line[0] !== "#" || indent === 0 && (line.startsWith("---") || line.startsWith("...")) && isEmpty(line[3])) {
          const atFlowEndMarker = indent === this.indentNext - 1 && this.flowLevel === 1 && (line[0] === "]" || line[0] === "}");
          if (!atFlowEndMarker) {
            this.flowLevel = 0;
            yield cst.FLOW_END;
            return yield* this.parseLineStart();
          }
        }
        let n = 0;
        while (line[n] === ",") {
          n += yield* this.pushCount(1);
          n += yield* this.pushSpaces(true);
          this.flowKey = false;
        }
        n += yield* this.pushIndicators();
        switch (line[n]) {
          case void 0:
            return "flow";
          case "#":
            yield* this.pushCount(line.length - n);
            return "flow";
          case "{":
          case "[":
            yield* this.pushCount(1);
            this.flowKey = false;
            this.flowLevel += 1;
            return "flow";
          case "}":
          case "]":
            yield* this.pushCount(1);
            this.flowKey = true;
            this.flowLevel -= 1;
            return this.flowLevel ? "flow" : "doc";
          case "*":
            yield* this.pushUntil(isNotAnchorChar);
            return "flow";
          case '"':
          case "'":
            this.flowKey = true;
            return yield* this.parseQuotedScalar();
          case ":": {
            const next = this.charAt(1);
            if (this.flowKey || isEmpty(next) || next === ",") {
              this.flowKey = false;
              yield* this.pushCount(1);
              yield* this.pushSpaces(true);
              return "flow";
            }
          }
          // fallthrough
          default:
            this.flowKey = false;
            return yield* this.parsePlainScalar();
        }
      }
      *parseQuotedScalar() {
        const quote = this.charAt(0);
        let end = this.buffer.indexOf(quote, this.pos + 1);
        if (quote === "'") {
          while (end !== -1 && this.buffer[end + 1] === "'")
            end = this.buffer.indexOf("'", end + 2);
        } else {
          while (end !== -1) {
            let n = 0;
            while (this.buffer[end - 1 - n] === "\\")
              n += 1;
            if (n % 2 === 0)
              break;
            end = this.buffer.indexOf('"', end + 1);
          }
        }
        const qb = this.buffer.substring(0, end);
        let nl = qb.indexOf("\n", this.pos);
        if (nl !== -1) {
          while (nl !== -1) {
            const cs = this.continueScalar(nl + 1);
            if (cs === -1)
              break;
            nl = qb.indexOf("\n", cs);
          }
          if (nl !== -1) {
            end = nl - (qb[nl - 1] === "\r" ? 2 : 1);
          }
        }
        if (end === -1) {
          if (!this.atEnd)
            return this.setNext("quoted-scalar");
          end = this.buffer.length;
        }
        yield* this.pushToIndex(end + 1, false);
        return this.flowLevel ? "flow" : "doc";
      }
      *parseBlockScalarHeader() {
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        let i = this.pos;
        while (true) {
          const ch = this.buffer[++i];
          if (ch === "+")
            this.blockScalarKeep = true;
          else if (ch > "0" && ch <= "9")
            this.blockScalarIndent = Number(ch) - 1;
          else if (ch !== "-")
            break;
        }
        return yield* this.pushUntil((ch) => isEmpty(ch) || ch === "#");
      }
      *parseBlockScalar() {
        let nl = this.pos - 1;
        let indent = 0;
        let ch;
        loop: for (let i2 = this.pos; ch = this.buffer[i2]; ++i2) {
          switch (ch) {
            case " ":
              indent += 1;
              break;
            case "\n":
              nl = i2;
              indent = 0;
              break;
            case "\r": {
              const next = this.buffer[i2 + 1];
              if (!next && !this.atEnd)
                return this.setNext("block-scalar");
              if (next === "\n")
                break;
            }
            // fallthrough
            default:
              break loop;
          }
        }
        if (!ch && !this.atEnd)
          return this.setNext("block-scalar");
        if (indent >= this.indentNext) {
          if (this.blockScalarIndent === -1)
            this.indentNext = indent;
          else {
            this.indentNext = this.blockScalarIndent + (this.indentNext === 0 ? 1 : this.indentNext);
          }
          do {
            const cs = this.continueScalar(nl + 1);
            if (cs === -1)
              break;
            nl = this.buffer.indexOf("\n", cs);
          } while (nl !== -1);
          if (nl === -1) {
            if (!this.atEnd)
              return this.setNext("block-scalar");
            nl = this.buffer.length;
          }
        }
        let i = nl + 1;
        ch = this.buffer[i];
        while (ch === " ")
          ch = this.buffer[++i];
        if (ch === "	") {
          while (ch === "	" || ch === " " || ch === "\r" || ch === "\n")
            ch = this.buffer[++i];
          nl = i - 1;
        } else if (!this.blockScalarKeep) {
          do {
            let i2 = nl - 1;
            let ch2 = this.buffer[i2];
            if (ch2 === "\r")
              ch2 = this.buffer[--i2];
            const lastChar = i2;
            while (ch2 === " ")
              ch2 = this.buffer[--i2];
            if (ch2 === "\n" && i2 >= this.pos && i2 + 1 + indent > lastChar)
              nl = i2;
            else
              break;
          } while (true);
        }
        yield cst.SCALAR;
        yield* this.pushToIndex(nl + 1, true);
        return yield* this.parseLineStart();
      }
      *parsePlainScalar() {
        const inFlow = this.flowLevel > 0;
        let end = this.pos - 1;
        let i = this.pos - 1;
        let ch;
        while (ch = this.buffer[++i]) {
          if (ch === ":") {
            const next = this.buffer[i + 1];
            if (isEmpty(next) || inFlow && flowIndicatorChars.has(next))
              break;
            end = i;
          } else if (isEmpty(ch)) {
            let next = this.buffer[i + 1];
            if (ch === "\r") {
              if (next === "\n") {
                i += 1;
                ch = "\n";
                next = this.buffer[i + 1];
              } else
                end = i;
            }
            if (next === "#" || inFlow && flowIndicatorChars.has(next))
              break;
            if (ch === "\n") {
              const cs = this.continueScalar(i + 1);
              if (cs === -1)
                break;
              i = Math.max(i, cs - 2);
            }
          } else {
            if (inFlow && flowIndicatorChars.has(ch))
              break;
            end = i;
          }
        }
        if (!ch && !this.atEnd)
          return this.setNext("plain-scalar");
        yield cst.SCALAR;
        yield* this.pushToIndex(end + 1, true);
        return inFlow ? "flow" : "doc";
      }
      *pushCount(n) {
        if (n > 0) {
          yield this.buffer.substr(this.pos, n);
          this.pos += n;
          return n;
        }
        return 0;
      }
      *pushToIndex(i, allowEmpty) {
        const s = this.buffer.slice(this.pos, i);
        if (s) {
          yield s;
          this.pos += s.length;
          return s.length;
        } else if (allowEmpty)
          yield "";
        return 0;
      }
      *pushIndicators() {
        let n = 0;
        loop: while (true) {
          switch (this.charAt(0)) {
            case "!":
              n += yield* this.pushTag();
              n += yield* this.pushSpaces(true);
              continue loop;
            case "&":
              n += yield* this.pushUntil(isNotAnchorChar);
              n += yield* this.pushSpaces(true);
              continue loop;
            case "-":
            // this is an error
            case "?":
            // this is an error outside flow collections
            case ":": {
              const inFlow = this.flowLevel > 0;
              const ch1 = this.charAt(1);
              if (isEmpty(ch1) || inFlow && flowIndicatorChars.has(ch1)) {
                if (!inFlow)
                  this.indentNext = this.indentValue + 1;
                else if (this.flowKey)
                  this.flowKey = false;
                n += yield* this.pushCount(1);
                n += yield* this.pushSpaces(true);
                continue loop;
              }
            }
          }
          break loop;
        }
        return n;
      }
      *pushTag() {
        if (this.charAt(1) === "<") {
          let i = this.pos + 2;
          let ch = this.buffer[i];
          while (!isEmpty(ch) && ch !== ">")
            ch = this.buffer[++i];
          return yield* this.pushToIndex(ch === ">" ? i + 1 : i, false);
        } else {
          let i = this.pos + 1;
          let ch = this.buffer[i];
          while (ch) {
            if (tagChars.has(ch))
              ch = this.buffer[++i];
            else if (ch === "%" && hexDigits.has(this.buffer[i + 1]) && hexDigits.has(this.buffer[i + 2])) {
              ch = this.buffer[i += 3];
            } else
              break;
          }
          return yield* this.pushToIndex(i, false);
        }
      }
      *pushNewline() {
        const ch = this.buffer[this.pos];
        if (ch === "\n")
          return yield* this.pushCount(1);
        else if (ch === "\r" && this.charAt(1) === "\n")
          return yield* this.pushCount(2);
        else
          return 0;
      }
      *pushSpaces(allowTabs) {
        let i = this.pos - 1;
        let ch;
        do {
          ch = this.buffer[++i];
        } while (ch === " " || allowTabs && ch === "	");
        const n = i - this.pos;
        if (n > 0) {
          yield this.buffer.substr(this.pos, n);
          this.pos = i;
        }
        return n;
      }
      *pushUntil(test) {
        let i = this.pos;
        let ch = this.buffer[i];
        while (!test(ch))
          ch = this.buffer[++i];
        return yield* this.pushToIndex(i, false);
      }
    };
    exports.Lexer = Lexer;
  }
});

// node_modules/yaml/dist/parse/line-counter.js
var require_line_counter = __commonJS({
  "node_modules/yaml/dist/parse/line-counter.js"(exports) {
    "use strict";
    var LineCounter = class {
      constructor() {
        this.lineStarts = [];
        this.addNewLine = (offset) => this.lineStarts.push(offset);
        this.linePos = (offset) => {
          let low = 0;
          let high = this.lineStarts.length;
          while (low < high) {
            const mid = low + high >> 1;
            if (this.lineStarts[mid] < offset)
              low = mid + 1;
            else
              high = mid;
          }
          if (this.lineStarts[low] === offset)
            return { line: low + 1, col: 1 };
          if (low === 0)
            return { line: 0, col: offset };
          const start = this.lineStarts[low - 1];
          return { line: low, col: offset - start + 1 };
        };
      }
    };
    exports.LineCounter = LineCounter;
  }
});

// node_modules/yaml/dist/parse/parser.js
var require_parser = __commonJS({
  "node_modules/yaml/dist/parse/parser.js"(exports) {
    "use strict";
    var node_process = __require("process");
    var cst = require_cst();
    var lexer = require_lexer();
    function includesToken(list, type) {
      for (let i = 0; i < list.length; ++i)
        if (list[i].type === type)
          return true;
      return false;
    }
    function findNonEmptyIndex(list) {
      for (let i = 0; i < list.length; ++i) {
        switch (list[i].type) {
          case "space":
          case "comment":
          case "newline":
            break;
          default:
            return i;
        }
      }
      return -1;
    }
    function isFlowToken(token) {
      switch (token?.type) {
        case "alias":
        case "scalar":
        case "single-quoted-scalar":
        case "double-quoted-scalar":
        case "flow-collection":
          return true;
        default:
          return false;
      }
    }
    function getPrevProps(parent) {
      switch (parent.type) {
        case "document":
          return parent.start;
        case "block-map": {
          const it = parent.items[parent.items.length - 1];
          return it.sep ?? it.start;
        }
        case "block-seq":
          return parent.items[parent.items.length - 1].start;
        /* istanbul ignore next should not happen */
        default:
          return [];
      }
    }
    function getFirstKeyStartProps(prev) {
      if (prev.length === 0)
        return [];
      let i = prev.length;
      loop: while (--i >= 0) {
        switch (prev[i].type) {
          case "doc-start":
          case "explicit-key-ind":
          case "map-value-ind":
          case "seq-item-ind":
          case "newline":
            break loop;
        }
      }
      while (prev[++i]?.type === "space") {
      }
      return prev.splice(i, prev.length);
    }
    function arrayPushArray(target, source) {
      if (source.length < 1e5)
        Array.prototype.push.apply(target, source);
      else
        for (let i = 0; i < source.length; ++i)
          target.push(source[i]);
    }
    function fixFlowSeqItems(fc) {
      if (fc.start.type === "flow-seq-start") {
        for (const it of fc.items) {
          if (it.sep && !it.value && !includesToken(it.start, "explicit-key-ind") && !includesToken(it.sep, "map-value-ind")) {
            if (it.key)
              it.value = it.key;
            delete it.key;
            if (isFlowToken(it.value)) {
              if (it.value.end)
                arrayPushArray(it.value.end, it.sep);
              else
                it.value.end = it.sep;
            } else
              arrayPushArray(it.start, it.sep);
            delete it.sep;
          }
        }
      }
    }
    var Parser = class {
      /**
       * @param onNewLine - If defined, called separately with the start position of
       *   each new line (in `parse()`, including the start of input).
       */
      constructor(onNewLine) {
        this.atNewLine = true;
        this.atScalar = false;
        this.indent = 0;
        this.offset = 0;
        this.onKeyLine = false;
        this.stack = [];
        this.source = "";
        this.type = "";
        this.lexer = new lexer.Lexer();
        this.onNewLine = onNewLine;
      }
      /**
       * Parse `source` as a YAML stream.
       * If `incomplete`, a part of the last line may be left as a buffer for the next call.
       *
       * Errors are not thrown, but yielded as `{ type: 'error', message }` tokens.
       *
       * @returns A generator of tokens representing each directive, document, and other structure.
       */
      *parse(source, incomplete = false) {
        if (this.onNewLine && this.offset === 0)
          this.onNewLine(0);
        for (const lexeme of this.lexer.lex(source, incomplete))
          yield* this.next(lexeme);
        if (!incomplete)
          yield* this.end();
      }
      /**
       * Advance the parser by the `source` of one lexical token.
       */
      *next(source) {
        this.source = source;
        if (node_process.env.LOG_TOKENS)
          console.log("|", cst.prettyToken(source));
        if (this.atScalar) {
          this.atScalar = false;
          yield* this.step();
          this.offset += source.length;
          return;
        }
        const type = cst.tokenType(source);
        if (!type) {
          const message = `Not a YAML token: ${source}`;
          yield* this.pop({ type: "error", offset: this.offset, message, source });
          this.offset += source.length;
        } else if (type === "scalar") {
          this.atNewLine = false;
          this.atScalar = true;
          this.type = "scalar";
        } else {
          this.type = type;
          yield* this.step();
          switch (type) {
            case "newline":
              this.atNewLine = true;
              this.indent = 0;
              if (this.onNewLine)
                this.onNewLine(this.offset + source.length);
              break;
            case "space":
              if (this.atNewLine && source[0] === " ")
                this.indent += source.length;
              break;
            case "explicit-key-ind":
            case "map-value-ind":
            case "seq-item-ind":
              if (this.atNewLine)
                this.indent += source.length;
              break;
            case "doc-mode":
            case "flow-error-end":
              return;
            default:
              this.atNewLine = false;
          }
          this.offset += source.length;
        }
      }
      /** Call at end of input to push out any remaining constructions */
      *end() {
        while (this.stack.length > 0)
          yield* this.pop();
      }
      get sourceToken() {
        const st = {
          type: this.type,
          offset: this.offset,
          indent: this.indent,
          source: this.source
        };
        return st;
      }
      *step() {
        const top = this.peek(1);
        if (this.type === "doc-end" && top?.type !== "doc-end") {
          while (this.stack.length > 0)
            yield* this.pop();
          this.stack.push({
            type: "doc-end",
            offset: this.offset,
            source: this.source
          });
          return;
        }
        if (!top)
          return yield* this.stream();
        switch (top.type) {
          case "document":
            return yield* this.document(top);
          case "alias":
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return yield* this.scalar(top);
          case "block-scalar":
            return yield* this.blockScalar(top);
          case "block-map":
            return yield* this.blockMap(top);
          case "block-seq":
            return yield* this.blockSequence(top);
          case "flow-collection":
            return yield* this.flowCollection(top);
          case "doc-end":
            return yield* this.documentEnd(top);
        }
        yield* this.pop();
      }
      peek(n) {
        return this.stack[this.stack.length - n];
      }
      *pop(error) {
        const token = error ?? this.stack.pop();
        if (!token) {
          const message = "Tried to pop an empty stack";
          yield { type: "error", offset: this.offset, source: "", message };
        } else if (this.stack.length === 0) {
          yield token;
        } else {
          const top = this.peek(1);
          if (token.type === "block-scalar") {
            token.indent = "indent" in top ? top.indent : 0;
          } else if (token.type === "flow-collection" && top.type === "document") {
            token.indent = 0;
          }
          if (token.type === "flow-collection")
            fixFlowSeqItems(token);
          switch (top.type) {
            case "document":
              top.value = token;
              break;
            case "block-scalar":
              top.props.push(token);
              break;
            case "block-map": {
              const it = top.items[top.items.length - 1];
              if (it.value) {
                top.items.push({ start: [], key: token, sep: [] });
                this.onKeyLine = true;
                return;
              } else if (it.sep) {
                it.value = token;
              } else {
                Object.assign(it, { key: token, sep: [] });
                this.onKeyLine = !it.explicitKey;
                return;
              }
              break;
            }
            case "block-seq": {
              const it = top.items[top.items.length - 1];
              if (it.value)
                top.items.push({ start: [], value: token });
              else
                it.value = token;
              break;
            }
            case "flow-collection": {
              const it = top.items[top.items.length - 1];
              if (!it || it.value)
                top.items.push({ start: [], key: token, sep: [] });
              else if (it.sep)
                it.value = token;
              else
                Object.assign(it, { key: token, sep: [] });
              return;
            }
            /* istanbul ignore next should not happen */
            default:
              yield* this.pop();
              yield* this.pop(token);
          }
          if ((top.type === "document" || top.type === "block-map" || top.type === "block-seq") && (token.type === "block-map" || token.type === "block-seq")) {
            const last = token.items[token.items.length - 1];
            if (last && !last.sep && !last.value && last.start.length > 0 && findNonEmptyIndex(last.start) === -1 && (token.indent === 0 || last.start.every((st) => st.type !== "comment" || st.indent < token.indent))) {
              if (top.type === "document")
                top.end = last.start;
              else
                top.items.push({ start: last.start });
              token.items.splice(-1, 1);
            }
          }
        }
      }
      *stream() {
        switch (this.type) {
          case "directive-line":
            yield { type: "directive", offset: this.offset, source: this.source };
            return;
          case "byte-order-mark":
          case "space":
          case "comment":
          case "newline":
            yield this.sourceToken;
            return;
          case "doc-mode":
          case "doc-start": {
            const doc = {
              type: "document",
              offset: this.offset,
              start: []
            };
            if (this.type === "doc-start")
              doc.start.push(this.sourceToken);
            this.stack.push(doc);
            return;
          }
        }
        yield {
          type: "error",
          offset: this.offset,
          message: `Unexpected ${this.type} token in YAML stream`,
          source: this.source
        };
      }
      *document(doc) {
        if (doc.value)
          return yield* this.lineEnd(doc);
        switch (this.type) {
          case "doc-start": {
            if (findNonEmptyIndex(doc.start) !== -1) {
              yield* this.pop();
              yield* this.step();
            } else
              doc.start.push(this.sourceToken);
            return;
          }
          case "anchor":
          case "tag":
          case "space":
          case "comment":
          case "newline":
            doc.start.push(this.sourceToken);
            return;
        }
        const bv = this.startBlockValue(doc);
        if (bv)
          this.stack.push(bv);
        else {
          yield {
            type: "error",
            offset: this.offset,
            message: `Unexpected ${this.type} token in YAML document`,
            source: this.source
          };
        }
      }
      *scalar(scalar) {
        if (this.type === "map-value-ind") {
          const prev = getPrevProps(this.peek(2));
          const start = getFirstKeyStartProps(prev);
          let sep2;
          if (scalar.end) {
            sep2 = scalar.end;
            sep2.push(this.sourceToken);
            delete scalar.end;
          } else
            sep2 = [this.sourceToken];
          const map = {
            type: "block-map",
            offset: scalar.offset,
            indent: scalar.indent,
            items: [{ start, key: scalar, sep: sep2 }]
          };
          this.onKeyLine = true;
          this.stack[this.stack.length - 1] = map;
        } else
          yield* this.lineEnd(scalar);
      }
      *blockScalar(scalar) {
        switch (this.type) {
          case "space":
          case "comment":
          case "newline":
            scalar.props.push(this.sourceToken);
            return;
          case "scalar":
            scalar.source = this.source;
            this.atNewLine = true;
            this.indent = 0;
            if (this.onNewLine) {
              let nl = this.source.indexOf("\n") + 1;
              while (nl !== 0) {
                this.onNewLine(this.offset + nl);
                nl = this.source.indexOf("\n", nl) + 1;
              }
            }
            yield* this.pop();
            break;
          /* istanbul ignore next should not happen */
          default:
            yield* this.pop();
            yield* this.step();
        }
      }
      *blockMap(map) {
        const it = map.items[map.items.length - 1];
        switch (this.type) {
          case "newline":
            this.onKeyLine = false;
            if (it.value) {
              const end = "end" in it.value ? it.value.end : void 0;
              const last = Array.isArray(end) ? end[end.length - 1] : void 0;
              if (last?.type === "comment")
                end?.push(this.sourceToken);
              else
                map.items.push({ start: [this.sourceToken] });
            } else if (it.sep) {
              it.sep.push(this.sourceToken);
            } else {
              it.start.push(this.sourceToken);
            }
            return;
          case "space":
          case "comment":
            if (it.value) {
              map.items.push({ start: [this.sourceToken] });
            } else if (it.sep) {
              it.sep.push(this.sourceToken);
            } else {
              if (this.atIndentedComment(it.start, map.indent)) {
                const prev = map.items[map.items.length - 2];
                const end = prev?.value?.end;
                if (Array.isArray(end)) {
                  arrayPushArray(end, it.start);
                  end.push(this.sourceToken);
                  map.items.pop();
                  return;
                }
              }
              it.start.push(this.sourceToken);
            }
            return;
        }
        if (this.indent >= map.indent) {
          const atMapIndent = !this.onKeyLine && this.indent === map.indent;
          const atNextItem = atMapIndent && (it.sep || it.explicitKey) && this.type !== "seq-item-ind";
          let start = [];
          if (atNextItem && it.sep && !it.value) {
            const nl = [];
            for (let i = 0; i < it.sep.length; ++i) {
              const st = it.sep[i];
              switch (st.type) {
                case "newline":
                  nl.push(i);
                  break;
                case "space":
                  break;
                case "comment":
                  if (st.indent > map.indent)
                    nl.length = 0;
                  break;
                default:
                  nl.length = 0;
              }
            }
            if (nl.length >= 2)
              start = it.sep.splice(nl[1]);
          }
          switch (this.type) {
            case "anchor":
            case "tag":
              if (atNextItem || it.value) {
                start.push(this.sourceToken);
                map.items.push({ start });
                this.onKeyLine = true;
              } else if (it.sep) {
                it.sep.push(this.sourceToken);
              } else {
                it.start.push(this.sourceToken);
              }
              return;
            case "explicit-key-ind":
              if (!it.sep && !it.explicitKey) {
                it.start.push(this.sourceToken);
                it.explicitKey = true;
              } else if (atNextItem || it.value) {
                start.push(this.sourceToken);
                map.items.push({ start, explicitKey: true });
              } else {
                this.stack.push({
                  type: "block-map",
                  offset: this.offset,
                  indent: this.indent,
                  items: [{ start: [this.sourceToken], explicitKey: true }]
                });
              }
              this.onKeyLine = true;
              return;
            case "map-value-ind":
              if (it.explicitKey) {
                if (!it.sep) {
                  if (includesToken(it.start, "newline")) {
                    Object.assign(it, { key: null, sep: [this.sourceToken] });
                  } else {
                    const start2 = getFirstKeyStartProps(it.start);
                    this.stack.push({
                      type: "block-map",
                      offset: this.offset,
                      indent: this.indent,
                      items: [{ start: start2, key: null, sep: [this.sourceToken] }]
                    });
                  }
                } else if (it.value) {
                  map.items.push({ start: [], key: null, sep: [this.sourceToken] });
                } else if (includesToken(it.sep, "map-value-ind")) {
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start, key: null, sep: [this.sourceToken] }]
                  });
                } else if (isFlowToken(it.key) && !includesToken(it.sep, "newline")) {
                  const start2 = getFirstKeyStartProps(it.start);
                  const key = it.key;
                  const sep2 = it.sep;
                  sep2.push(this.sourceToken);
                  delete it.key;
                  delete it.sep;
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: start2, key, sep: sep2 }]
                  });
                } else if (start.length > 0) {
                  it.sep = it.sep.concat(start, this.sourceToken);
                } else {
                  it.sep.push(this.sourceToken);
                }
              } else {
                if (!it.sep) {
                  Object.assign(it, { key: null, sep: [this.sourceToken] });
                } else if (it.value || atNextItem) {
                  map.items.push({ start, key: null, sep: [this.sourceToken] });
                } else if (includesToken(it.sep, "map-value-ind")) {
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: [], key: null, sep: [this.sourceToken] }]
                  });
                } else {
                  it.sep.push(this.sourceToken);
                }
              }
              this.onKeyLine = true;
              return;
            case "alias":
            case "scalar":
            case "single-quoted-scalar":
            case "double-quoted-scalar": {
              const fs6 = this.flowScalar(this.type);
              if (atNextItem || it.value) {
                map.items.push({ start, key: fs6, sep: [] });
                this.onKeyLine = true;
              } else if (it.sep) {
                this.stack.push(fs6);
              } else {
                Object.assign(it, { key: fs6, sep: [] });
                this.onKeyLine = true;
              }
              return;
            }
            default: {
              const bv = this.startBlockValue(map);
              if (bv) {
                if (bv.type === "block-seq") {
                  if (!it.explicitKey && it.sep && !includesToken(it.sep, "newline")) {
                    yield* this.pop({
                      type: "error",
                      offset: this.offset,
                      message: "Unexpected block-seq-ind on same line with key",
                      source: this.source
                    });
                    return;
                  }
                } else if (atMapIndent) {
                  map.items.push({ start });
                }
                this.stack.push(bv);
                return;
              }
            }
          }
        }
        yield* this.pop();
        yield* this.step();
      }
      *blockSequence(seq) {
        const it = seq.items[seq.items.length - 1];
        switch (this.type) {
          case "newline":
            if (it.value) {
              const end = "end" in it.value ? it.value.end : void 0;
              const last = Array.isArray(end) ? end[end.length - 1] : void 0;
              if (last?.type === "comment")
                end?.push(this.sourceToken);
              else
                seq.items.push({ start: [this.sourceToken] });
            } else
              it.start.push(this.sourceToken);
            return;
          case "space":
          case "comment":
            if (it.value)
              seq.items.push({ start: [this.sourceToken] });
            else {
              if (this.atIndentedComment(it.start, seq.indent)) {
                const prev = seq.items[seq.items.length - 2];
                const end = prev?.value?.end;
                if (Array.isArray(end)) {
                  arrayPushArray(end, it.start);
                  end.push(this.sourceToken);
                  seq.items.pop();
                  return;
                }
              }
              it.start.push(this.sourceToken);
            }
            return;
          case "anchor":
          case "tag":
            if (it.value || this.indent <= seq.indent)
              break;
            it.start.push(this.sourceToken);
            return;
          case "seq-item-ind":
            if (this.indent !== seq.indent)
              break;
            if (it.value || includesToken(it.start, "seq-item-ind"))
              seq.items.push({ start: [this.sourceToken] });
            else
              it.start.push(this.sourceToken);
            return;
        }
        if (this.indent > seq.indent) {
          const bv = this.startBlockValue(seq);
          if (bv) {
            this.stack.push(bv);
            return;
          }
        }
        yield* this.pop();
        yield* this.step();
      }
      *flowCollection(fc) {
        const it = fc.items[fc.items.length - 1];
        if (this.type === "flow-error-end") {
          let top;
          do {
            yield* this.pop();
            top = this.peek(1);
          } while (top?.type === "flow-collection");
        } else if (fc.end.length === 0) {
          switch (this.type) {
            case "comma":
            case "explicit-key-ind":
              if (!it || it.sep)
                fc.items.push({ start: [this.sourceToken] });
              else
                it.start.push(this.sourceToken);
              return;
            case "map-value-ind":
              if (!it || it.value)
                fc.items.push({ start: [], key: null, sep: [this.sourceToken] });
              else if (it.sep)
                it.sep.push(this.sourceToken);
              else
                Object.assign(it, { key: null, sep: [this.sourceToken] });
              return;
            case "space":
            case "comment":
            case "newline":
            case "anchor":
            case "tag":
              if (!it || it.value)
                fc.items.push({ start: [this.sourceToken] });
              else if (it.sep)
                it.sep.push(this.sourceToken);
              else
                it.start.push(this.sourceToken);
              return;
            case "alias":
            case "scalar":
            case "single-quoted-scalar":
            case "double-quoted-scalar": {
              const fs6 = this.flowScalar(this.type);
              if (!it || it.value)
                fc.items.push({ start: [], key: fs6, sep: [] });
              else if (it.sep)
                this.stack.push(fs6);
              else
                Object.assign(it, { key: fs6, sep: [] });
              return;
            }
            case "flow-map-end":
            case "flow-seq-end":
              fc.end.push(this.sourceToken);
              return;
          }
          const bv = this.startBlockValue(fc);
          if (bv)
            this.stack.push(bv);
          else {
            yield* this.pop();
            yield* this.step();
          }
        } else {
          const parent = this.peek(2);
          if (parent.type === "block-map" && (this.type === "map-value-ind" && parent.indent === fc.indent || this.type === "newline" && !parent.items[parent.items.length - 1].sep)) {
            yield* this.pop();
            yield* this.step();
          } else if (this.type === "map-value-ind" && parent.type !== "flow-collection") {
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            fixFlowSeqItems(fc);
            const sep2 = fc.end.splice(1, fc.end.length);
            sep2.push(this.sourceToken);
            const map = {
              type: "block-map",
              offset: fc.offset,
              indent: fc.indent,
              items: [{ start, key: fc, sep: sep2 }]
            };
            this.onKeyLine = true;
            this.stack[this.stack.length - 1] = map;
          } else {
            yield* this.lineEnd(fc);
          }
        }
      }
      flowScalar(type) {
        if (this.onNewLine) {
          let nl = this.source.indexOf("\n") + 1;
          while (nl !== 0) {
            this.onNewLine(this.offset + nl);
            nl = this.source.indexOf("\n", nl) + 1;
          }
        }
        return {
          type,
          offset: this.offset,
          indent: this.indent,
          source: this.source
        };
      }
      startBlockValue(parent) {
        switch (this.type) {
          case "alias":
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return this.flowScalar(this.type);
          case "block-scalar-header":
            return {
              type: "block-scalar",
              offset: this.offset,
              indent: this.indent,
              props: [this.sourceToken],
              source: ""
            };
          case "flow-map-start":
          case "flow-seq-start":
            return {
              type: "flow-collection",
              offset: this.offset,
              indent: this.indent,
              start: this.sourceToken,
              items: [],
              end: []
            };
          case "seq-item-ind":
            return {
              type: "block-seq",
              offset: this.offset,
              indent: this.indent,
              items: [{ start: [this.sourceToken] }]
            };
          case "explicit-key-ind": {
            this.onKeyLine = true;
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            start.push(this.sourceToken);
            return {
              type: "block-map",
              offset: this.offset,
              indent: this.indent,
              items: [{ start, explicitKey: true }]
            };
          }
          case "map-value-ind": {
            this.onKeyLine = true;
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            return {
              type: "block-map",
              offset: this.offset,
              indent: this.indent,
              items: [{ start, key: null, sep: [this.sourceToken] }]
            };
          }
        }
        return null;
      }
      atIndentedComment(start, indent) {
        if (this.type !== "comment")
          return false;
        if (this.indent <= indent)
          return false;
        return start.every((st) => st.type === "newline" || st.type === "space");
      }
      *documentEnd(docEnd) {
        if (this.type !== "doc-mode") {
          if (docEnd.end)
            docEnd.end.push(this.sourceToken);
          else
            docEnd.end = [this.sourceToken];
          if (this.type === "newline")
            yield* this.pop();
        }
      }
      *lineEnd(token) {
        switch (this.type) {
          case "comma":
          case "doc-start":
          case "doc-end":
          case "flow-seq-end":
          case "flow-map-end":
          case "map-value-ind":
            yield* this.pop();
            yield* this.step();
            break;
          case "newline":
            this.onKeyLine = false;
          // fallthrough
          case "space":
          case "comment":
          default:
            if (token.end)
              token.end.push(this.sourceToken);
            else
              token.end = [this.sourceToken];
            if (this.type === "newline")
              yield* this.pop();
        }
      }
    };
    exports.Parser = Parser;
  }
});

// node_modules/yaml/dist/public-api.js
var require_public_api = __commonJS({
  "node_modules/yaml/dist/public-api.js"(exports) {
    "use strict";
    var composer = require_composer();
    var Document = require_Document();
    var errors = require_errors();
    var log = require_log();
    var identity = require_identity();
    var lineCounter = require_line_counter();
    var parser = require_parser();
    function parseOptions(options) {
      const prettyErrors = options.prettyErrors !== false;
      const lineCounter$1 = options.lineCounter || prettyErrors && new lineCounter.LineCounter() || null;
      return { lineCounter: lineCounter$1, prettyErrors };
    }
    function parseAllDocuments(source, options = {}) {
      const { lineCounter: lineCounter2, prettyErrors } = parseOptions(options);
      const parser$1 = new parser.Parser(lineCounter2?.addNewLine);
      const composer$1 = new composer.Composer(options);
      const docs = Array.from(composer$1.compose(parser$1.parse(source)));
      if (prettyErrors && lineCounter2)
        for (const doc of docs) {
          doc.errors.forEach(errors.prettifyError(source, lineCounter2));
          doc.warnings.forEach(errors.prettifyError(source, lineCounter2));
        }
      if (docs.length > 0)
        return docs;
      return Object.assign([], { empty: true }, composer$1.streamInfo());
    }
    function parseDocument(source, options = {}) {
      const { lineCounter: lineCounter2, prettyErrors } = parseOptions(options);
      const parser$1 = new parser.Parser(lineCounter2?.addNewLine);
      const composer$1 = new composer.Composer(options);
      let doc = null;
      for (const _doc of composer$1.compose(parser$1.parse(source), true, source.length)) {
        if (!doc)
          doc = _doc;
        else if (doc.options.logLevel !== "silent") {
          doc.errors.push(new errors.YAMLParseError(_doc.range.slice(0, 2), "MULTIPLE_DOCS", "Source contains multiple documents; please use YAML.parseAllDocuments()"));
          break;
        }
      }
      if (prettyErrors && lineCounter2) {
        doc.errors.forEach(errors.prettifyError(source, lineCounter2));
        doc.warnings.forEach(errors.prettifyError(source, lineCounter2));
      }
      return doc;
    }
    function parse(src, reviver, options) {
      let _reviver = void 0;
      if (typeof reviver === "function") {
        _reviver = reviver;
      } else if (options === void 0 && reviver && typeof reviver === "object") {
        options = reviver;
      }
      const doc = parseDocument(src, options);
      if (!doc)
        return null;
      doc.warnings.forEach((warning) => log.warn(doc.options.logLevel, warning));
      if (doc.errors.length > 0) {
        if (doc.options.logLevel !== "silent")
          throw doc.errors[0];
        else
          doc.errors = [];
      }
      return doc.toJS(Object.assign({ reviver: _reviver }, options));
    }
    function stringify(value, replacer, options) {
      let _replacer = null;
      if (typeof replacer === "function" || Array.isArray(replacer)) {
        _replacer = replacer;
      } else if (options === void 0 && replacer) {
        options = replacer;
      }
      if (typeof options === "string")
        options = options.length;
      if (typeof options === "number") {
        const indent = Math.round(options);
        options = indent < 1 ? void 0 : indent > 8 ? { indent: 8 } : { indent };
      }
      if (value === void 0) {
        const { keepUndefined } = options ?? replacer ?? {};
        if (!keepUndefined)
          return void 0;
      }
      if (identity.isDocument(value) && !_replacer)
        return value.toString(options);
      return new Document.Document(value, _replacer, options).toString(options);
    }
    exports.parse = parse;
    exports.parseAllDocuments = parseAllDocuments;
    exports.parseDocument = parseDocument;
    exports.stringify = stringify;
  }
});

// node_modules/yaml/dist/index.js
var require_dist = __commonJS({
  "node_modules/yaml/dist/index.js"(exports) {
    "use strict";
    var composer = require_composer();
    var Document = require_Document();
    var Schema = require_Schema();
    var errors = require_errors();
    var Alias = require_Alias();
    var identity = require_identity();
    var Pair = require_Pair();
    var Scalar = require_Scalar();
    var YAMLMap = require_YAMLMap();
    var YAMLSeq = require_YAMLSeq();
    var cst = require_cst();
    var lexer = require_lexer();
    var lineCounter = require_line_counter();
    var parser = require_parser();
    var publicApi = require_public_api();
    var visit = require_visit();
    exports.Composer = composer.Composer;
    exports.Document = Document.Document;
    exports.Schema = Schema.Schema;
    exports.YAMLError = errors.YAMLError;
    exports.YAMLParseError = errors.YAMLParseError;
    exports.YAMLWarning = errors.YAMLWarning;
    exports.Alias = Alias.Alias;
    exports.isAlias = identity.isAlias;
    exports.isCollection = identity.isCollection;
    exports.isDocument = identity.isDocument;
    exports.isMap = identity.isMap;
    exports.isNode = identity.isNode;
    exports.isPair = identity.isPair;
    exports.isScalar = identity.isScalar;
    exports.isSeq = identity.isSeq;
    exports.Pair = Pair.Pair;
    exports.Scalar = Scalar.Scalar;
    exports.YAMLMap = YAMLMap.YAMLMap;
    exports.YAMLSeq = YAMLSeq.YAMLSeq;
    exports.CST = cst;
    exports.Lexer = lexer.Lexer;
    exports.LineCounter = lineCounter.LineCounter;
    exports.Parser = parser.Parser;
    exports.parse = publicApi.parse;
    exports.parseAllDocuments = publicApi.parseAllDocuments;
    exports.parseDocument = publicApi.parseDocument;
    exports.stringify = publicApi.stringify;
    exports.visit = visit.visit;
    exports.visitAsync = visit.visitAsync;
  }
});

// src/report/report.ts
import path from "node:path";
var STOPPED_UNFINISHED = "the scan was stopped before this model finished";
function reasonFor(model, reason) {
  let out = reason;
  for (const name of [model, path.resolve(model)]) {
    if (out.startsWith(`${name}: `)) out = out.slice(name.length + 2);
    out = out.split(`: ${name}: `).join(": ");
  }
  return out;
}
function errorEntry(model, errorCode2, error, seconds, sha256 = null) {
  return { model, sha256, verdict: "error", probability: null, targetClass: null, triggerBox: null, seconds, error: reasonFor(model, error), errorCode: errorCode2 };
}
function overallVerdict(models) {
  if (models.some((m) => m.verdict === "backdoored")) return "backdoored";
  if (models.some((m) => m.verdict === "error")) return "error";
  return "clean";
}
function buildReport(models, threshold, version) {
  const count = (v) => models.filter((m) => m.verdict === v).length;
  return {
    schema: "onepixel-report/1",
    tool: { name: "onepixel", version },
    threshold,
    verdict: overallVerdict(models),
    counts: { scanned: models.length, clean: count("clean"), backdoored: count("backdoored"), errors: count("error") },
    models: [...models].sort((a, b) => a.model.localeCompare(b.model))
  };
}
var boxText = (b) => `[${b.join(", ")}]`;
var BOX_MEANING = "Boxes are [x0, y0, x1, y1] in input pixels, x1 and y1 exclusive.";
function triggerText(m) {
  if (m.trigger === "blend") return "blended over the whole image";
  return m.triggerBox ? boxText(m.triggerBox) : "";
}
function conventionText(m) {
  const c = m.convention;
  if (!c) return "";
  const worst = c.decidedBy ?? "?";
  const claimed = c.scanned.filter((s) => s.from === "claimed").map((s) => s.name);
  const also = claimed.length > 0 ? `; also ${claimed.join(", ")} as claimed` : "";
  if (c.basis === "given") return `${worst} (given)`;
  const inferred = c.inferred ?? [];
  const how = c.basis === "graph" ? "from the graph" : c.basis === "clear" ? "inferred" : "unsure";
  if (inferred.length <= 1 && claimed.length === 0) return `${worst} (${how})`;
  return `${inferred.join(" or ")} (${how}${also}; worst ${worst})`;
}
var WHOLE_IMAGE_NOTABLE = 0.75;
var notableWholeImage = (m) => m.verdict !== "error" && (m.wholeImage?.wins[1] ?? 0) >= WHOLE_IMAGE_NOTABLE;
var share = (v) => v === null ? "unmeasured" : `${Math.round(100 * v)}%`;
var CHANGE_WORDS = {
  tone: "A tone change over the whole image (gain, gamma and offset per channel)",
  field: "A smooth field added over the whole image",
  warp: "A smooth warp of the whole image by a few pixels",
  posterise: "Posterising the whole image"
};
function wholeImageSentence(m) {
  const w = m.wholeImage;
  if (!w || m.verdict === "error") return void 0;
  const [quarter, half] = w.wins;
  return `Whole-image search (reported, not yet part of the verdict): ${CHANGE_WORDS[w.family].replace(/^./, (c) => c.toLowerCase())} makes class ${w.targetClass} win on ${share(w.wins.at(-1))} of unseen images of other classes (at half strength ${share(half ?? null)}, at a quarter ${share(quarter ?? null)}; best other class searched: ${share(w.otherWins)}).`;
}
function transferSentence(m) {
  const t = m.transfer;
  if (!t || m.targetClass === null) return void 0;
  if (m.trigger === "blend") {
    const blend2 = t.blendWins === null ? `No blend pattern was searched for class ${m.targetClass}` : `A pattern blended over the whole image makes class ${m.targetClass} win on ${share(t.blendWins)} of the exemplars of other classes (best other class: ${share(t.otherBlendWins)})`;
    return `${blend2}; its patch on ${t.patchWins === null ? "none" : share(t.patchWins)}.`;
  }
  const where = m.triggerBox ? ` at ${boxText(m.triggerBox)}` : "";
  const patch = t.patchWins === null ? `Class ${m.targetClass}'s patch${where} was not tried on other classes` : `Class ${m.targetClass}'s patch${where} wins on ${share(t.patchWins)} of the exemplars of other classes (best other class: ${share(t.otherPatchWins)})`;
  const blend = t.blendWins === null ? "no blend pattern was searched for it" : `its blended pattern on ${share(t.blendWins)} (best other: ${share(t.otherBlendWins)})`;
  return `${patch}; ${blend}.`;
}

// src/scan/sandbox.ts
import { fork } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path2 from "node:path";
import { pathToFileURL } from "node:url";
var DEFAULT_TIMEOUT_SECONDS = 1800;
var MAX_TIMEOUT_SECONDS = Math.floor(2 ** 31 / 1e3);
var MAX_MEMORY_MB = 2 ** 30;
function defaultMemoryBytes(jobs) {
  const constrained = process.constrainedMemory?.() ?? 0;
  const total = constrained > 0 ? Math.min(constrained, os.totalmem()) : os.totalmem();
  return Math.floor(total * 0.5 / Math.max(1, jobs));
}
var MEMORY_POLL_MS = 25;
function workerEntry() {
  const fromSource = import.meta.url.endsWith(".ts");
  const tsx = pathToFileURL(path2.join(packageRoot(), "node_modules", "tsx", "dist", "loader.mjs")).href;
  if (fromSource) return { file: path2.join(packageRoot(), "src", "scan", "scan-worker.ts"), execArgv: ["--import", tsx] };
  return { file: path2.join(packageRoot(), "dist", "scan-worker.js"), execArgv: [] };
}
function residentBytes(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb === void 0 ? void 0 : Number(kb) * 1024;
  } catch {
    return void 0;
  }
}
function fileDigest(file) {
  try {
    return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
  } catch {
    return null;
  }
}
var mib = (bytes) => `${Math.round(bytes / 2 ** 20).toLocaleString("en-US")} MiB`;
function scanInSandbox(job, limits, onProgress, signal) {
  const started = performance.now();
  const seconds = () => Math.round((performance.now() - started) / 10) / 100;
  const { file, execArgv } = workerEntry();
  let digest;
  let peak = 0;
  const peakField = () => peak > 0 ? { peakMemoryMiB: Math.round(peak / 2 ** 20) } : {};
  let verdict;
  const stopped = (code, error) => verdict ? { ...verdict, seconds: seconds(), ...peakField() } : { ...errorEntry(job.file, code, error, seconds(), digest ??= fileDigest(job.file)), ...peakField() };
  return new Promise((resolve) => {
    let settled = false;
    let child;
    const timers = [];
    const finish = (report) => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      signal?.removeEventListener("abort", onAbort);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      resolve(report);
    };
    const onAbort = () => finish(stopped("ABORTED", STOPPED_UNFINISHED));
    try {
      child = fork(file, [], {
        execArgv: [...execArgv, `--max-old-space-size=${Math.max(256, Math.floor(limits.memoryBytes / 2 ** 20))}`],
        // The child's stdout is not ours to print (onnxruntime may write there); its stderr is
        // kept for the reason of a crash.
        stdio: ["ignore", "ignore", "pipe", "ipc"],
        serialization: "advanced"
      });
    } catch (error) {
      resolve(stopped("INTERNAL", `could not start the model's sandbox (${error.message})`));
      return;
    }
    let stderr = "";
    child.stderr?.on("data", (chunk) => {
      stderr = (stderr + chunk.toString()).slice(-4e3);
    });
    const sample = () => {
      const rss = child.pid === void 0 ? void 0 : residentBytes(child.pid);
      if (rss !== void 0) peak = Math.max(peak, rss);
      return rss;
    };
    child.on("message", (message) => {
      if (message.type === "progress") onProgress?.(message);
      else if (message.type === "verdict") verdict = message.report;
      else if (message.type === "report") {
        sample();
        finish({ ...message.report, seconds: seconds(), ...peakField() });
      }
    });
    child.on("error", (error) => finish(stopped("INTERNAL", `the model's sandbox failed (${error.message})`)));
    child.on("close", (code, how) => {
      const last = stderr.trim().split("\n").filter(Boolean).at(-1);
      const why = how === "SIGKILL" ? "killed by SIGKILL: the machine may have run out of memory" : how ? `killed by ${how}` : `exit code ${code}`;
      finish(stopped("MODEL_CRASHED", `the scan crashed on this model (${why})${last ? `: ${last.slice(0, 300)}` : ""}`));
    });
    if (signal?.aborted) return onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
    timers.push(
      setTimeout(() => finish(stopped("TIMEOUT", `the scan did not finish within ${limits.timeoutSeconds} s (the time limit; a model may loop forever)`)), limits.timeoutSeconds * 1e3)
    );
    const poll = setInterval(() => {
      const rss = sample();
      if (rss !== void 0 && rss > limits.memoryBytes) {
        finish(stopped("MEMORY_LIMIT", `the scan used ${mib(rss)}, over the memory ceiling of ${mib(limits.memoryBytes)}`));
      }
    }, MEMORY_POLL_MS);
    timers.push(poll);
    try {
      child.send(job);
    } catch (error) {
      finish(stopped("INTERNAL", `could not hand the model to its sandbox (${error.message})`));
    }
  });
}

// src/scan/scan.ts
import crypto2 from "node:crypto";
import fs5 from "node:fs";
import path6 from "node:path";

// src/detector/detector.ts
import fs2 from "node:fs";
import path3 from "node:path";

// src/recipe/result.ts
import zlib from "node:zlib";
var TRIGGER_KINDS = ["patch", "blend"];
var PROBE_STEP = "patch-probe";
var TRANSFER_STEP = "transfer";
var SEARCH_STEP = "trigger-search";
var WHOLE_IMAGE_STEP = "whole-image";
var CHANGE_FAMILIES = ["tone", "field", "warp", "posterise"];
var QUANT = 40;
function quantizeGain(d) {
  return Math.max(0, Math.min(255, Math.round(Math.log1p(Math.max(0, d)) * QUANT)));
}
function dequantizeGain(q) {
  return Math.expm1(q / QUANT);
}
var WHOLE_IMAGE_STRENGTHS = [0.25, 0.5, 0.75, 1];
var PIXEL_STEP = "pixel-black";
var BLOCK3_STEP = "block3-black";
var STORED_STEPS = [PIXEL_STEP, BLOCK3_STEP, PROBE_STEP, TRANSFER_STEP, SEARCH_STEP];
function gainMaps(r) {
  return [
    { name: PIXEL_STEP, map: r.pixel },
    { name: BLOCK3_STEP, map: r.block3 },
    { name: PROBE_STEP, map: r.probe }
  ];
}
function recipeResult(steps) {
  const byName = new Map(steps.map((s) => [s.step, s]));
  const missing = STORED_STEPS.filter((name) => !byName.has(name));
  if (missing.length > 0) throw new Error(`a stored recipe result without ${missing.join(", ")}: made by an older recipe`);
  const probe = byName.get(PROBE_STEP);
  const transfer = byName.get(TRANSFER_STEP);
  const search = byName.get(SEARCH_STEP);
  const { rows: _tr, cols: _tc, gain: _tg, block: _tb, stride: _ts, ...transferOwn } = transfer;
  const { rows: _sr, cols: _sc, gain: _sg, ...searchOwn } = search;
  const whole = byName.get(WHOLE_IMAGE_STEP);
  return {
    pixel: byName.get(PIXEL_STEP),
    block3: byName.get(BLOCK3_STEP),
    probe: { ...probe, refined: probe.refined ?? [], refinedBox: probe.refinedBox ?? [] },
    transfer: { ...transferOwn, transfer: transfer.transfer ?? [], patchBox: transfer.patchBox ?? [], exemplarMargin: transfer.exemplarMargin ?? null },
    search: { ...searchOwn, search: search.search ?? [], searchBox: search.searchBox ?? [], exemplarMargin: search.exemplarMargin ?? null },
    ...whole ? { wholeImage: { classes: whole.classes, baseLogP: whole.baseLogP, screen: whole.screen ?? [], wins: whole.wins ?? [], changes: whole.changes ?? [] } } : {}
  };
}
function storedStep(step, fields) {
  const { block = 0, stride = 0, rows = 0, cols = 0, classes, baseLogP, gain = new Uint8Array(0), ...own } = fields;
  const { step: _step, ...rest } = own;
  return { step, block, stride, rows, cols, classes, baseLogP, gain, ...rest };
}
function storedSteps(r) {
  const steps = [storedStep(PIXEL_STEP, r.pixel), storedStep(BLOCK3_STEP, r.block3), storedStep(PROBE_STEP, r.probe), storedStep(TRANSFER_STEP, r.transfer), storedStep(SEARCH_STEP, r.search)];
  return r.wholeImage ? [...steps, storedStep(WHOLE_IMAGE_STEP, r.wholeImage)] : steps;
}
function cellCentre(step, at) {
  return [at % step.cols * step.stride + step.block / 2, Math.floor(at / step.cols) * step.stride + step.block / 2];
}
function packPattern(pattern) {
  const bits = new Uint8Array(Math.ceil(pattern.length / 8));
  pattern.forEach((v, i) => {
    if (v >= 128) bits[i >> 3] = bits[i >> 3] | 1 << (i & 7);
  });
  return Buffer.from(bits).toString("base64");
}
function unpackPattern(packed, length) {
  const bits = Buffer.from(packed, "base64");
  if (bits.length !== Math.ceil(length / 8)) throw new Error(`a stored blend pattern of ${bits.length} bytes for ${length} values`);
  return Float32Array.from({ length }, (_, i) => bits[i >> 3] >> (i & 7) & 1 ? 255 : 0);
}
function encodeSteps(steps, extra = {}) {
  const body = { ...extra, steps: steps.map((s) => ({ ...s, gain: Buffer.from(s.gain).toString("base64") })) };
  return zlib.gzipSync(JSON.stringify(body), { level: 9 });
}
function decodeSteps(buf) {
  const body = JSON.parse(zlib.gunzipSync(buf).toString("utf8"));
  return { ...body, steps: body.steps.map((s) => ({ ...s, gain: new Uint8Array(Buffer.from(s.gain, "base64")) })) };
}

// src/recipe/images.ts
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = a + 1831565813 >>> 0;
    let t = a;
    t = Math.imul(t ^ t >>> 15, t | 1);
    t ^= t + Math.imul(t ^ t >>> 7, t | 61);
    return ((t ^ t >>> 14) >>> 0) / 4294967296;
  };
}
function palette(channels) {
  if (channels !== 3) return [0, 128, 255].map((v) => new Array(channels).fill(v));
  const corners2 = [];
  for (let i = 0; i < 8; i++) corners2.push([i & 1 ? 255 : 0, i & 2 ? 255 : 0, i & 4 ? 255 : 0]);
  return corners2;
}
function mix(x, pattern, alpha, only) {
  const out = x.clone();
  for (let i = 0; i < out.pixels.length; i++) if (!only || only[i]) out.pixels[i] = (1 - alpha) * out.pixels[i] + alpha * pattern[i];
  return out;
}
var Canvas = class _Canvas {
  constructor(channels, height, width, pixels = new Float32Array(channels * height * width)) {
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.pixels = pixels;
  }
  channels;
  height;
  width;
  pixels;
  /** Set by stamp(): the scorer then converts the base once and only the stamped rectangle per image. */
  origin;
  clone() {
    return new _Canvas(this.channels, this.height, this.width, this.pixels.slice());
  }
  fill(y0, x0, size, colour) {
    const { channels: C, height: H, width: W } = this;
    const left = Math.max(0, x0);
    const right = Math.min(W, x0 + size);
    if (left >= right) return;
    for (let c = 0; c < C; c++) {
      for (let y = Math.max(0, y0); y < Math.min(H, y0 + size); y++) this.pixels.fill(colour[c], (c * H + y) * W + left, (c * H + y) * W + right);
    }
  }
};
function strokes(canvas, colours, next, scale) {
  const { height: H, width: W } = canvas;
  for (let n = 0; n < 3; n++) {
    const colour = colours[1 + Math.floor(next() * (colours.length - 1))];
    const x = next() * W;
    const y = next() * H;
    const angle = next() * 2 * Math.PI;
    const length = (6 + next() * 10) * scale;
    for (let t = 0; t < length; t += 0.5) {
      canvas.fill(Math.round(y + Math.sin(angle) * t), Math.round(x + Math.cos(angle) * t), 2 * scale, colour);
    }
  }
}
function eachOf(items, make) {
  return { length: items.length, at: (i) => make(items[i]) };
}
function everyPair(outer, inner, make) {
  return { length: outer.length * inner.length, at: (i) => make(outer[Math.floor(i / inner.length)], inner[i % inner.length]) };
}
var ImageRunner = class _ImageRunner {
  constructor(model, o, probabilities, classes, signal, converted = /* @__PURE__ */ new WeakMap()) {
    this.model = model;
    this.o = o;
    this.probabilities = probabilities;
    this.classes = classes;
    this.signal = signal;
    this.converted = converted;
    const { channels, height, width } = model.input;
    this.size = channels * height * width;
    this.batch = model.input.fixedBatch ?? Math.min(o.batch ?? DEFAULT_BATCH, 64);
    this.lanes = Math.max(1, o.threads ?? defaultThreads());
  }
  model;
  o;
  probabilities;
  classes;
  signal;
  converted;
  passes = 0;
  size;
  batch;
  lanes;
  /** A runner for one step: the same model, options and converted bases, its own count of passes. */
  forStep() {
    return new _ImageRunner(this.model, this.o, this.probabilities, this.classes, this.signal, this.converted);
  }
  write(canvas, into, at) {
    const origin = canvas.origin;
    if (!origin) {
      this.convert(canvas, into, at, 0, this.model.input.height, 0, this.model.input.width);
      return;
    }
    let base = this.converted.get(origin.base);
    if (!base) {
      base = new Float32Array(this.size);
      this.convert(origin.base, base, 0, 0, this.model.input.height, 0, this.model.input.width);
      this.converted.set(origin.base, base);
    }
    into.set(base, at);
    this.convert(canvas, into, at, origin.y0, origin.y1, origin.x0, origin.x1);
  }
  /** Rows y0..y1 and columns x0..x1 of the canvas, in model units and layout, into `into` at `at`. */
  convert(canvas, into, at, y0, y1, x0, x1) {
    const { channels: C, height: H, width: W, layout } = this.model.input;
    for (let c = 0; c < C; c++) {
      const lo = modelValue(0, c, this.o);
      const range2 = modelValue(255, c, this.o) - lo;
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const p = y * W + x;
          into[at + (layout === "NCHW" ? c * H * W + p : p * C + c)] = lo + range2 * canvas.pixels[c * H * W + p] / 255;
        }
      }
    }
  }
  logProbabilities(row) {
    const out = new Float32Array(row.length);
    if (this.probabilities) {
      for (let k = 0; k < row.length; k++) out[k] = Math.log(Math.max(row[k], 1e-38));
      return out;
    }
    let max = -Infinity;
    for (const v of row) max = Math.max(max, v);
    let sum = 0;
    for (const v of row) sum += Math.exp(v - max);
    const lse = max + Math.log(sum);
    for (let k = 0; k < row.length; k++) out[k] = row[k] - lse;
    return out;
  }
  async score(list) {
    const images = Array.isArray(list) ? eachOf(list, (c) => c) : list;
    if (this.signal?.aborted) throw abortError();
    const out = new Array(images.length);
    const { channels, height, width, layout } = this.model.input;
    const chunks = [];
    for (let s = 0; s < images.length; s += this.batch) chunks.push(s);
    let nextChunk = 0;
    const lane = async () => {
      while (nextChunk < chunks.length) {
        const start = chunks[nextChunk++];
        const n = Math.min(this.batch, images.length - start);
        const rows = this.model.input.fixedBatch ?? n;
        const data = new Float32Array(rows * this.size);
        for (let i = 0; i < rows; i++) this.write(images.at(start + Math.min(i, n - 1)), data, i * this.size);
        const shape = layout === "NCHW" ? [rows, channels, height, width] : [rows, height, width, channels];
        const result = await this.model.native.run(this.model.input.name, this.model.outputName, data, shape);
        this.passes += rows;
        for (let i = 0; i < n; i++) out[start + i] = this.logProbabilities(result.data.subarray(i * this.classes, (i + 1) * this.classes));
      }
    };
    await Promise.all(Array.from({ length: this.lanes }, lane));
    return out;
  }
};
function stamp(base, patch, cell, window, skip = () => false) {
  const out = base.clone();
  const side = window * cell;
  out.origin = { base, y0: Math.max(0, patch.y0), x0: Math.max(0, patch.x0), y1: Math.min(base.height, patch.y0 + side), x1: Math.min(base.width, patch.x0 + side) };
  patch.cells.forEach((colour, i) => {
    if (!skip(i)) out.fill(patch.y0 + Math.floor(i / window) * cell, patch.x0 + i % window * cell, cell, colour);
  });
  return out;
}
function scribble(canvas, colour, next, scale) {
  const { height: H, width: W } = canvas;
  const x = next() * W;
  const y = next() * H;
  let angle = next() * 2 * Math.PI;
  const length = (4 + next() * 14) * scale;
  const width = (1 + Math.floor(next() * 3)) * scale;
  const bend = (next() - 0.5) * 0.15;
  for (let t = 0; t < length; t += 0.5) {
    angle += bend;
    canvas.fill(Math.round(y + Math.sin(angle) * t), Math.round(x + Math.cos(angle) * t), width, colour);
  }
}
function margin(row, k) {
  let other = -Infinity;
  for (let j = 0; j < row.length; j++) if (j !== k && row[j] > other) other = row[j];
  return row[k] - other;
}
function summarise(rows, k) {
  if (rows.length === 0) return [NaN, NaN];
  let sum = 0;
  let wins = 0;
  for (const row of rows) {
    const m = margin(row, k);
    sum += m;
    if (m > 0) wins++;
  }
  return [sum / rows.length, wins / rows.length];
}
function topClass(row) {
  let top = 0;
  for (let k = 1; k < row.length; k++) if (row[k] > row[top]) top = k;
  return top;
}
function topTwo(row) {
  const top = topClass(row);
  let second = -Infinity;
  for (let k = 0; k < row.length; k++) if (k !== top && row[k] > second) second = row[k];
  return { top, best: row[top], second };
}
function marginFrom(row, t, k) {
  return row[k] - (k === t.top ? t.second : t.best);
}
function classMargins(rows, labels, classes) {
  const sums = new Float64Array(classes);
  const counts = new Float64Array(classes);
  rows.forEach((row, i) => {
    const t = topTwo(row);
    for (let k = 0; k < classes; k++) {
      if (k === labels[i]) continue;
      sums[k] = sums[k] + marginFrom(row, t, k);
      counts[k] = counts[k] + 1;
    }
  });
  return Array.from({ length: classes }, (_, k) => counts[k] > 0 ? sums[k] / counts[k] : NaN);
}
function ranked(values2) {
  return [...values2.keys()].filter((k) => Number.isFinite(values2[k])).sort((a, b) => values2[b] - values2[a] || a - b);
}
function byTurns(a, b, count) {
  const out = [];
  for (let i = 0; i < Math.max(a.length, b.length) && out.length < count; i++) {
    for (const k of [a[i], b[i]]) if (k !== void 0 && !out.includes(k) && out.length < count) out.push(k);
  }
  return out;
}
function evenSpread(items, count) {
  if (items.length <= count) return items;
  return Array.from({ length: count }, (_, i) => items[Math.floor(i * items.length / count)]);
}

// src/recipe/patch-probe.ts
var PROBE = { window: 6, stride: 3, patterns: 6, bases: 4, steps: 6, seeds: 2, maxClasses: 10, candidates: 4 };
function nearestPosition([x, y], rows, cols, stridePx, windowPx) {
  const nearest = (v, n) => Math.max(0, Math.min(n - 1, Math.round((v - windowPx / 2) / stridePx)));
  return nearest(y, rows) * cols + nearest(x, cols);
}
function meanOver(rows, at, bases, k) {
  let sum = 0;
  for (let b = 0; b < bases; b++) sum += rows[at * bases + b][k];
  return sum / bases;
}
function randomPatches(rows, cols, stridePx, window, count, colours, next) {
  const patches = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      for (let n = 0; n < count; n++) {
        const cells = Array.from({ length: window * window }, () => next() < 0.4 ? colours[0] : colours[1 + Math.floor(next() * (colours.length - 1))]);
        patches.push({ y0: r * stridePx, x0: c * stridePx, cells });
      }
    }
  }
  return patches;
}
function patternMap(rows, count, patterns, bases, classes, positions) {
  const map = new Float32Array(classes * positions).fill(-Infinity);
  const bestPatch = new Array(classes * positions).fill(0);
  for (let i = 0; i < count; i++) {
    const at = Math.floor(i / patterns);
    for (let k = 0; k < classes; k++) {
      const v = meanOver(rows, i, bases, k);
      if (v > map[k * positions + at]) {
        map[k * positions + at] = v;
        bestPatch[k * positions + at] = i;
      }
    }
  }
  return { map, bestPatch };
}
async function grow(g, k, start, startScore) {
  const { cell, window, width, height } = g;
  let patch = start;
  let score2 = startScore;
  for (let step = 0; step < g.steps && score2 < Math.log(0.99); step++) {
    const candidates = [];
    patch.cells.forEach((current, i) => {
      if (patch.x0 + i % window * cell >= width || patch.y0 + Math.floor(i / window) * cell >= height) return;
      for (const colour of g.colours) {
        if (colour === current) continue;
        const cells = [...patch.cells];
        cells[i] = colour;
        candidates.push({ ...patch, cells });
      }
    });
    const scored = await g.scorer.score(everyPair(candidates, g.bases, (p, b) => stamp(b, p, cell, window)));
    g.report();
    let best = -1;
    let bestScore = score2;
    candidates.forEach((_, i) => {
      const v = meanOver(scored, i, g.bases.length, k);
      if (v > bestScore) {
        bestScore = v;
        best = i;
      }
    });
    if (best < 0) break;
    patch = candidates[best];
    score2 = bestScore;
  }
  return { patch, score: score2 };
}
function probeBases(input, count, colours, next, cell) {
  return Array.from({ length: count }, (_, b) => {
    const canvas = new Canvas(input.channels, input.height, input.width);
    if (b > 0) strokes(canvas, colours, next, cell);
    return canvas;
  });
}
async function growFromSeeds(g, k, plane, patchAt, hinted, settings) {
  const ranked2 = [...plane.keys()].sort((a, b) => plane[b] - plane[a] || a - b);
  const seeds = [.../* @__PURE__ */ new Set([...hinted >= 0 ? [hinted] : [], ...ranked2])].slice(0, settings.seeds);
  const tried = ranked2.slice(seeds.length, Math.max(seeds.length, settings.candidates)).map((at) => ({ patch: patchAt(at), score: plane[at] }));
  for (const at of seeds) tried.push(await grow(g, k, patchAt(at), plane[at]));
  return tried.sort((a, b) => b.score - a.score);
}
async function runPatchProbe(ctx, settings = PROBE, hints = []) {
  const started = performance.now();
  const { model, classes, cell, callbacks } = ctx;
  const { channels, height, width } = model.input;
  const colours = palette(channels);
  const next = random(59873);
  const { window, stridePx, rows, cols } = probeGrid(height, width, cell, settings);
  const scorer = ctx.runner.forStep();
  const bases = probeBases(model.input, settings.bases, colours, next, cell);
  const B = bases.length;
  const baseRows = await scorer.score(bases);
  const baseMean = Array.from({ length: classes }, (_, k) => meanOver(baseRows, 0, B, k));
  const patches = randomPatches(rows, cols, stridePx, window, settings.patterns, colours, next);
  const plannedPasses = probePasses(classes, channels, height, width, cell, settings);
  const report = () => callbacks.onProgress?.({ done: Math.min(scorer.passes, plannedPasses), total: plannedPasses, seconds: (performance.now() - started) / 1e3 });
  const scanRows = await scorer.score(everyPair(patches, bases, (p, b) => stamp(b, p, cell, window)));
  report();
  const positions = rows * cols;
  const { map, bestPatch } = patternMap(scanRows, patches.length, settings.patterns, B, classes, positions);
  const planes = Array.from({ length: classes }, (_, k) => map.subarray(k * positions, (k + 1) * positions));
  const scanBest = planes.map((plane) => Math.max(...plane));
  const order = [...scanBest.keys()].sort((a, b) => scanBest[b] - scanBest[a] || a - b);
  const refined = [...scanBest];
  const grown = planes.map((plane, k) => patches[bestPatch[k * positions + plane.indexOf(scanBest[k])]]);
  const boxOf = (p) => [p.x0, p.y0, Math.min(width, p.x0 + window * cell), Math.min(height, p.y0 + window * cell)];
  const refinedBox = grown.map(boxOf);
  const candidates = grown.map((p) => [p]);
  const growth = { scorer, bases, colours, cell, window, width, height, steps: settings.steps, report };
  for (const k of order.slice(0, settings.maxClasses)) {
    const plane = planes[k];
    const patchAt = (at) => patches[bestPatch[k * positions + at]];
    const hinted = hints[k] ? nearestPosition(hints[k], rows, cols, stridePx, window * cell) : -1;
    const tried = await growFromSeeds(growth, k, plane, patchAt, hinted, settings);
    if (tried[0].score > refined[k]) {
      refined[k] = tried[0].score;
      grown[k] = tried[0].patch;
      refinedBox[k] = boxOf(tried[0].patch);
    }
    candidates[k] = tried.slice(0, settings.candidates).map((t) => t.patch);
  }
  report();
  const gain = map.map((v, i) => quantizeGain(v - baseMean[Math.floor(i / positions)]));
  return {
    step: "patch-probe",
    block: window * cell,
    stride: stridePx,
    rows,
    cols,
    classes,
    baseLogP: baseMean,
    gain: Uint8Array.from(gain),
    refined,
    refinedBox,
    patches: grown,
    candidates,
    cell,
    window,
    passes: scorer.passes
  };
}
function probeGrid(height, width, cell, settings = PROBE) {
  const window = Math.max(1, Math.floor(Math.min(settings.window * cell, height, width) / cell));
  const stridePx = settings.stride * cell;
  const count = (extent) => Math.ceil((extent - window * cell) / stridePx) + 1;
  return { window, stridePx, rows: count(height), cols: count(width) };
}
function probePasses(classes, channels, height, width, cell, settings = PROBE) {
  const { window, rows, cols } = probeGrid(height, width, cell, settings);
  const positions = rows * cols;
  const colours = palette(channels).length;
  return (1 + positions * settings.patterns + Math.min(classes, settings.maxClasses) * settings.seeds * settings.steps * window * window * (colours - 1)) * settings.bases;
}

// src/recipe/transfer-test.ts
var TRANSFER = {
  pool: 512,
  perClass: 4,
  minMargin: 0.5,
  alpha: 0.2,
  faintAlpha: 0.1,
  iterations: 40,
  candidates: 4,
  fitBases: 12,
  maxBlendClasses: 16,
  screenPatterns: 4,
  boxClasses: 3,
  maxClasses: 64,
  maxBases: 200,
  locateBases: 8
};
var TRANSFER_FEATURES = ["patchMargin", "patchWins", "blendMargin", "blendWins", "blendShuffledMargin", "faintBlendMargin", "faintBlendWins", "blendBorderMargin", "blendCentreMargin", "noiseMargin"];
var EXEMPLAR_SEED = 501235;
var SCREEN_SEED = 728653;
async function drawExemplars(scorer, shape, classes, scale, next, s) {
  const inks = palette(shape.channels).slice(1);
  const pool = Array.from({ length: s.pool }, () => {
    const canvas = new Canvas(shape.channels, shape.height, shape.width);
    const strokes2 = 2 + Math.floor(next() * 3);
    for (let n = 0; n < strokes2; n++) scribble(canvas, inks[Math.floor(next() * inks.length)], next, scale);
    return canvas;
  });
  const rows = await scorer.score(pool);
  const out = [];
  for (let k = 0; k < classes; k++) {
    const found = rows.map((r, i) => ({ i, m: margin(r, k) })).filter((x) => x.m > s.minMargin).sort((a, b) => a.m - b.m || a.i - b.i);
    const picks = found.length <= s.perClass ? found : Array.from({ length: s.perClass }, (_, q) => found[Math.floor(q / Math.max(1, s.perClass - 1) * (found.length - 1))]);
    for (const p of picks) out.push({ label: k, image: pool[p.i], margin: p.m });
  }
  return out;
}
function medianOf(xs) {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[(s.length >> 1) - 1] + s[s.length >> 1]) / 2;
}
var BORDER_SHARE = 0.15;
function borderMask(channels, height, width) {
  const d = Math.max(1, Math.round(BORDER_SHARE * Math.min(height, width)));
  const mask = new Uint8Array(channels * height * width);
  for (let c = 0; c < channels; c++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) if (y < d || x < d || y >= height - d || x >= width - d) mask[(c * height + y) * width + x] = 1;
    }
  }
  return mask;
}
async function searchBlend(scorer, k, fit, all, next, s, alpha, control) {
  if (fit.length === 0) return { measured: [NaN, NaN, NaN, NaN, NaN], pattern: null };
  const { channels: C, height: H, width: W } = fit[0];
  const meanMargin = async (patterns) => {
    const rows = await scorer.score(everyPair(patterns, fit, (p, b) => mix(b, p, alpha)));
    return patterns.map((_, j) => summarise(rows.slice(j * fit.length, (j + 1) * fit.length), k)[0]);
  };
  let pattern = new Float32Array(C * H * W);
  for (let i = 0; i < pattern.length; i++) pattern[i] = next() < 0.5 ? 0 : 255;
  let score2 = (await meanMargin([pattern]))[0];
  for (let it = 0; it < s.iterations; it++) {
    const side = Math.max(1, Math.round(Math.min(H, W) * (0.4 * (1 - it / s.iterations) + 0.05)));
    const candidates = Array.from({ length: s.candidates }, () => {
      const q = pattern.slice();
      const y0 = Math.floor(next() * (H - side + 1));
      const x0 = Math.floor(next() * (W - side + 1));
      for (let c = 0; c < C; c++) {
        const v = next() < 0.5 ? 0 : 255;
        for (let y = y0; y < y0 + side; y++) q.fill(v, (c * H + y) * W + x0, (c * H + y) * W + x0 + side);
      }
      return q;
    });
    const scores = await meanMargin(candidates);
    let best = -1;
    scores.forEach((v, j) => {
      if (v > score2) {
        score2 = v;
        best = j;
      }
    });
    if (best >= 0) pattern = candidates[best];
  }
  const [m, wins] = summarise(await scorer.score(eachOf(all, (b) => mix(b, pattern, alpha))), k);
  if (!control) return { measured: [m, wins, NaN, NaN, NaN], pattern };
  const shuffled = pattern.slice();
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  const border = borderMask(C, H, W);
  const centre = border.map((v) => 1 - v);
  const margins = async (p, only) => summarise(await scorer.score(eachOf(all, (b) => mix(b, p, alpha, only))), k)[0];
  return { measured: [m, wins, await margins(shuffled), await margins(pattern, border), await margins(pattern, centre)], pattern };
}
async function noiseScreen(scorer, exemplars, classes, s) {
  const best = new Array(classes).fill(NaN);
  const bases = evenSpread(exemplars, s.maxBases);
  if (bases.length === 0) return best;
  const next = random(SCREEN_SEED);
  const labels = bases.map((e) => e.label);
  for (let n = 0; n < s.screenPatterns; n++) {
    const pattern = Float32Array.from(bases[0].image.pixels, () => next() < 0.5 ? 0 : 255);
    const margins = classMargins(await scorer.score(eachOf(bases, (e) => mix(e.image, pattern, s.alpha))), labels, classes);
    margins.forEach((m, k) => {
      if (Number.isFinite(m) && !(m <= best[k])) best[k] = m;
    });
  }
  return best;
}
async function blendPhase(scorer, exemplars, order, transfer, next, s, report) {
  const screen = await noiseScreen(scorer, exemplars, transfer.length, s);
  const noise = TRANSFER_FEATURES.indexOf("noiseMargin");
  screen.forEach((m, k) => transfer[k][noise] = m);
  const chosen = new Set(byTurns(order, ranked(screen), s.maxBlendClasses));
  const patterns = new Array(transfer.length).fill(null);
  for (const k of order.filter((c) => chosen.has(c))) {
    const others = othersOfClass(exemplars, k, s);
    const fit = others.filter((_, i) => i % 2 === 0).slice(0, s.fitBases);
    const blend = await searchBlend(scorer, k, fit, others, next, s, s.alpha, true);
    const [m, wins, shuffled, border, centre] = blend.measured;
    const [faint, faintWins] = (await searchBlend(scorer, k, fit, others, next, s, s.faintAlpha, false)).measured;
    transfer[k].splice(2, 7, m, wins, shuffled, faint, faintWins, border, centre);
    if (blend.pattern) patterns[k] = packPattern(blend.pattern);
    report();
  }
  return patterns;
}
function transferOrder(transfer) {
  const raised = (k) => Number.isFinite(transfer[k][0]) ? transfer[k][0] : -Infinity;
  return [...transfer.keys()].sort((a, b) => raised(b) - raised(a) || a - b);
}
function othersOfClass(exemplars, k, s) {
  return evenSpread(exemplars.filter((e) => e.label !== k).map((e) => e.image), s.maxBases);
}
async function narrowPatch(scorer, k, probe, patch, bases) {
  if (bases.length === 0) return null;
  const { cell, window } = probe;
  const cells = patch.cells.length;
  const margins = async (skips) => {
    const rows = await scorer.score(everyPair(skips, bases, (skip, b) => stamp(b, patch, cell, window, skip)));
    return skips.map((_, j) => summarise(rows.slice(j * bases.length, (j + 1) * bases.length), k)[0]);
  };
  const [full, own] = await margins([() => false, () => true]);
  if (!(full > own)) return null;
  const alone = await margins(Array.from({ length: cells }, (_, i) => (j) => j === i));
  const order = [...alone.keys()].sort((a, b) => alone[b] - alone[a] || a - b);
  const rank = new Array(cells);
  order.forEach((i, r) => rank[i] = r);
  const dropped = await margins(Array.from({ length: cells - 1 }, (_, n) => (i) => rank[i] <= n));
  let keep = cells;
  dropped.forEach((m, n) => {
    if (m >= full - 0.1 * (full - own)) keep = Math.min(keep, cells - (n + 1));
  });
  let [c0, r0, c1, r1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < cells; i++) {
    if (rank[i] < cells - keep && full - alone[i] < 0.25 * (full - own)) continue;
    const c = i % window;
    const r = Math.floor(i / window);
    [c0, r0, c1, r1] = [Math.min(c0, c), Math.min(r0, r), Math.max(c1, c + 1), Math.max(r1, r + 1)];
  }
  return { c0, r0, c1, r1 };
}
var LOCATE_REFINED = 3;
function locatePositions(side, w, h) {
  const coarse = (n) => Math.floor((side - n) / 2) + 1;
  return 1 + coarse(w) * coarse(h) + LOCATE_REFINED * 8;
}
async function locatePatch(scorer, k, probe, patch, rect, bases, shape) {
  const { cell, window } = probe;
  const inside = (i) => {
    const c2 = i % window;
    const r2 = Math.floor(i / window);
    return c2 >= rect.c0 && c2 < rect.c1 && r2 >= rect.r0 && r2 < rect.r1;
  };
  const cols = Math.floor(shape.width / cell) - (rect.c1 - rect.c0);
  const rows = Math.floor(shape.height / cell) - (rect.r1 - rect.r0);
  const scoreAt = async (places2) => {
    const moves = places2.map(([r2, c2]) => ({ ...patch, x0: (c2 - rect.c0) * cell, y0: (r2 - rect.r0) * cell }));
    const scored = await scorer.score(everyPair(moves, bases, (moved, b) => stamp(b, moved, cell, window, (i) => !inside(i))));
    return places2.map((_, j) => summarise(scored.slice(j * bases.length, (j + 1) * bases.length), k)[0]);
  };
  const home = [patch.y0 / cell + rect.r0, patch.x0 / cell + rect.c0];
  const coarse = [home];
  for (let r2 = 0; r2 <= rows; r2 += 2) for (let c2 = 0; c2 <= cols; c2 += 2) coarse.push([r2, c2]);
  const coarseScores = await scoreAt(coarse);
  const best = [...coarse.keys()].sort((a, b) => coarseScores[b] - coarseScores[a] || a - b).slice(0, LOCATE_REFINED);
  const fine = [];
  for (const i of best) {
    const [r2, c2] = coarse[i];
    for (let dr = -1; dr <= 1; dr++) {
      for (let dc = -1; dc <= 1; dc++) {
        if ((dr || dc) && r2 + dr >= 0 && r2 + dr <= rows && c2 + dc >= 0 && c2 + dc <= cols) fine.push([r2 + dr, c2 + dc]);
      }
    }
  }
  const places = [...coarse, ...fine];
  const scores = [...coarseScores, ...await scoreAt(fine)];
  let at = 0;
  scores.forEach((v, i) => {
    if (v > scores[at]) at = i;
  });
  const [r, c] = places[at];
  return [c * cell, r * cell, Math.min(shape.width, (c + rect.c1 - rect.c0) * cell), Math.min(shape.height, (r + rect.r1 - rect.r0) * cell)];
}
function narrowedCells(patch, rect, probe, box) {
  const rows = Math.min(rect.r1 - rect.r0, Math.ceil((box[3] - box[1]) / probe.cell));
  const cols = Math.min(rect.c1 - rect.c0, Math.ceil((box[2] - box[0]) / probe.cell));
  const colours = [];
  for (let r = rect.r0; r < rect.r0 + rows; r++) for (let c = rect.c0; c < rect.c0 + cols; c++) colours.push([...patch.cells[r * probe.window + c]]);
  return { cell: probe.cell, rows, cols, colours };
}
async function runTransferTest(ctx, probe, settings = TRANSFER) {
  const started = performance.now();
  const { model, classes, callbacks } = ctx;
  const scorer = ctx.runner.forStep();
  const next = random(EXEMPLAR_SEED);
  const planned = transferPasses(classes, settings);
  const report = () => callbacks.onProgress?.({ done: Math.min(scorer.passes, planned), total: planned, seconds: (performance.now() - started) / 1e3 });
  const exemplars = await drawExemplars(scorer, model.input, classes, probe.cell, next, settings);
  report();
  const othersOf = (k) => othersOfClass(exemplars, k, settings);
  const transfer = Array.from({ length: classes }, () => TRANSFER_FEATURES.map(() => NaN));
  const byProbe = [...probe.refined.keys()].sort((a, b) => probe.refined[b] - probe.refined[a] || a - b);
  const chosen = [...probe.patches];
  for (const k of byProbe.slice(0, settings.maxClasses)) {
    const others = othersOf(k);
    const tries = probe.candidates[k] ?? [probe.patches[k]];
    const rows = await scorer.score(everyPair(tries, others, (p, b) => stamp(b, p, probe.cell, probe.window)));
    tries.forEach((p, j) => {
      const result = summarise(rows.slice(j * others.length, (j + 1) * others.length), k);
      if (j === 0 || result[0] > transfer[k][0]) {
        transfer[k].splice(0, 2, ...result);
        chosen[k] = p;
      }
    });
  }
  report();
  const order = transferOrder(transfer);
  const patchBox = new Array(classes).fill(null);
  const patchCells = new Array(classes).fill(null);
  for (const k of order.slice(0, settings.boxClasses)) {
    const rect = await narrowPatch(scorer, k, probe, chosen[k], othersOf(k).slice(0, 16));
    if (!rect) continue;
    patchBox[k] = await locatePatch(scorer, k, probe, chosen[k], rect, othersOf(k).slice(0, settings.locateBases), model.input);
    patchCells[k] = narrowedCells(chosen[k], rect, probe, patchBox[k]);
  }
  const blendPatterns = await blendPhase(scorer, exemplars, order, transfer, next, settings, report);
  return {
    classes,
    baseLogP: probe.baseLogP,
    transfer,
    patchBox,
    patchCells,
    blendPatterns,
    exemplars: exemplars.length,
    exemplarClasses: new Set(exemplars.map((e) => e.label)).size,
    exemplarMargin: medianOf(exemplars.map((e) => e.margin)),
    exemplarImages: exemplars,
    passes: scorer.passes
  };
}
function transferPasses(classes, s = TRANSFER, side = 32) {
  const bases = Math.min(classes * s.perClass, s.maxBases);
  const blends = Math.min(classes, s.maxBlendClasses) * (2 * (1 + s.iterations * s.candidates) * s.fitBases + 5 * bases);
  const narrow = 16 * (1 + 2 * PROBE.window * PROBE.window);
  const boxes = Math.min(classes, s.boxClasses) * (narrow + s.locateBases * locatePositions(side, 1, 1));
  const patches = Math.min(classes, s.maxClasses) + Math.min(classes, PROBE.maxClasses) * (PROBE.candidates - 1);
  return s.pool + patches * bases + s.screenPatterns * bases + blends + boxes;
}

// src/recipe/trigger-search.ts
var SEARCH = { side: 6, stride: 3, patterns: 2, fitBases: 16, classes: 4, alternate: true, iterations: 60, candidates: 4, maxBases: 200 };
var SEARCH_MEASURES = ["coarse", "refined", "refinedWins"];
function corners(extent, patchPx, stridePx) {
  const out = [];
  for (let at = 0; at + patchPx <= extent; at += stridePx) out.push(at);
  const last = Math.max(0, extent - patchPx);
  if (out.at(-1) !== last) out.push(last);
  return out;
}
function sideCells(height, width, cell, s) {
  return Math.max(1, Math.min(s.side, Math.floor(Math.min(height, width) / cell)));
}
function searchPasses(classes, height, width, cell, exemplars, s = SEARCH) {
  const side = sideCells(height, width, cell, s);
  const positions = corners(height, side * cell, s.stride * cell).length * corners(width, side * cell, s.stride * cell).length;
  const fit = Math.min(exemplars, s.fitBases);
  const refined = Math.min(classes, s.classes);
  return positions * s.patterns * fit + refined * (s.iterations * s.candidates * fit + Math.min(exemplars, s.maxBases));
}
function bestPerClass(scanned, classes) {
  return Array.from({ length: classes }, (_, k) => {
    let at = -1;
    scanned.forEach((s, j) => {
      if (Number.isFinite(s[k]) && (at < 0 || s[k] > scanned[at][k])) at = j;
    });
    return at;
  });
}
function mutation(g, iterations) {
  const { side, cell, patchPx, colours, next } = g;
  return (patch, it) => {
    if (next() < 0.2) {
      const shift = (at, extent) => Math.max(0, Math.min(extent - patchPx, at + (Math.floor(next() * 5) - 2) * cell));
      const x0 = shift(patch.x0, g.width);
      return { ...patch, x0, y0: shift(patch.y0, g.height) };
    }
    const size = Math.min(side, 1 + Math.floor(next() * 3 * (1 - it / iterations)));
    const r0 = Math.floor(next() * (side - size + 1));
    const c0 = Math.floor(next() * (side - size + 1));
    const colour = colours[Math.floor(next() * colours.length)];
    const cells = [...patch.cells];
    for (let r = r0; r < r0 + size; r++) for (let c = c0; c < c0 + size; c++) cells[r * side + c] = colour;
    return { ...patch, cells };
  };
}
async function runTriggerSearch(ctx, drawn, settings = SEARCH) {
  const started = performance.now();
  const exemplars = drawn.exemplarImages;
  const { model, classes, cell, callbacks } = ctx;
  const scorer = ctx.runner.forStep();
  const { channels, height, width } = model.input;
  const colours = palette(channels);
  const next = random(20973);
  const side = sideCells(height, width, cell, settings);
  const patchPx = side * cell;
  const planned = searchPasses(classes, height, width, cell, exemplars.length, settings);
  const report = () => callbacks.onProgress?.({ done: Math.min(scorer.passes, planned), total: planned, seconds: (performance.now() - started) / 1e3 });
  const fit = evenSpread(exemplars, settings.fitBases);
  const score2 = async (patches) => {
    const rows = await scorer.score(everyPair(patches, fit, (p, e) => stamp(e.image, p, cell, side)));
    report();
    const labels = fit.map((e) => e.label);
    return patches.map((_, j) => classMargins(rows.slice(j * fit.length, (j + 1) * fit.length), labels, classes));
  };
  const randomCells = () => Array.from({ length: side * side }, () => colours[Math.floor(next() * colours.length)]);
  const scan = [];
  for (const y0 of corners(height, patchPx, settings.stride * cell)) {
    for (const x0 of corners(width, patchPx, settings.stride * cell)) {
      for (let n = 0; n < settings.patterns; n++) scan.push({ y0, x0, cells: randomCells() });
    }
  }
  const scanned = scan.length > 0 && fit.length > 0 ? await score2(scan) : [];
  const best = bestPerClass(scanned, classes);
  const coarse = best.map((at, k) => at >= 0 ? scanned[at][k] : NaN);
  const search = coarse.map((c) => [c, NaN, NaN]);
  const searchBox = new Array(classes).fill(null);
  const order = ranked(coarse);
  const patchMargins = coarse.map((c, k) => Number.isFinite(c) ? drawn.transfer?.[k]?.[TRANSFER_FEATURES.indexOf("patchMargin")] ?? NaN : NaN);
  const refine = byTurns(order, settings.alternate ? ranked(patchMargins) : [], settings.classes);
  const mutate = mutation({ side, cell, patchPx, width, height, colours, next }, settings.iterations);
  for (const k of refine) {
    let patch = scan[best[k]];
    let value = coarse[k];
    for (let it = 0; it < settings.iterations; it++) {
      const tries = Array.from({ length: settings.candidates }, () => mutate(patch, it));
      const scored = await score2(tries);
      scored.forEach((s, j) => {
        if (s[k] > value) {
          value = s[k];
          patch = tries[j];
        }
      });
    }
    const others = evenSpread(exemplars.filter((e) => e.label !== k), settings.maxBases);
    search[k] = [coarse[k], ...summarise(await scorer.score(eachOf(others, (e) => stamp(e.image, patch, cell, side))), k)];
    searchBox[k] = [patch.x0, patch.y0, Math.min(width, patch.x0 + patchPx), Math.min(height, patch.y0 + patchPx)];
    report();
  }
  return {
    block: patchPx,
    stride: settings.stride * cell,
    classes,
    baseLogP: drawn.baseLogP,
    search,
    searchBox,
    exemplarMargin: drawn.exemplarMargin ?? null,
    passes: scorer.passes,
    seconds: (performance.now() - started) / 1e3
  };
}

// src/detector/features.ts
var CLASS_FEATURES = [
  "peak",
  "concentration",
  "specificity",
  "relative",
  "baseLogP",
  "probPeak",
  "probConcentration",
  "probSpecificity"
];
var PROBE_FEATURES = ["reached", "probeGain", "margin", "othersReached"];
var TRANSFER_CLASS_FEATURES = [
  ...TRANSFER_FEATURES,
  "patchMarginRelative",
  "blendMarginRelative",
  "blendSpecificity",
  "patchMarginScaled",
  "blendMarginScaled",
  "blendBorderScaled",
  "blendBorderContrast",
  "patchBoxShare",
  "patchGapScaled",
  "blendGapScaled",
  "faintBlendGapScaled",
  "blendSpecificityGap",
  "blendBorderGapScaled",
  "noiseGapScaled"
];
var SEARCH_CLASS_FEATURES = ["coarseScaled", "refinedScaled", "refinedWins", "refinedGapScaled"];
var T = Object.fromEntries(TRANSFER_FEATURES.map((name, i) => [name, i]));
function dequantize(step) {
  const values2 = new Float32Array(step.gain.length);
  const table = Array.from({ length: 256 }, (_, q) => dequantizeGain(q));
  for (let i = 0; i < values2.length; i++) values2[i] = table[step.gain[i]];
  return { rows: step.rows, cols: step.cols, values: values2 };
}
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
function probabilityGains(step, map) {
  const plane = map.rows * map.cols;
  const values2 = new Float32Array(map.values.length);
  for (let i = 0; i < values2.length; i++) values2[i] = Math.exp(step.baseLogP[Math.floor(i / plane)]) * Math.expm1(map.values[i]);
  return { rows: map.rows, cols: map.cols, values: values2 };
}
function shapes(map, classes, transform) {
  const plane = map.rows * map.cols;
  const radius = Math.max(1, Math.round(0.08 * Math.max(map.rows, map.cols)));
  const out = [];
  for (let k = 0; k < classes; k++) {
    const values2 = map.values.subarray(k * plane, (k + 1) * plane);
    let at = 0;
    for (let c = 1; c < plane; c++) if (values2[c] > values2[at]) at = c;
    const pr = Math.floor(at / map.cols);
    const pc = at % map.cols;
    let total = 0;
    let near = 0;
    for (let r = 0; r < map.rows; r++) {
      for (let c = 0; c < map.cols; c++) {
        const v = Math.max(0, values2[r * map.cols + c]);
        total += v;
        if (Math.abs(r - pr) <= radius && Math.abs(c - pc) <= radius) near += v;
      }
    }
    let other = 0;
    for (let j = 0; j < classes; j++) if (j !== k) other = Math.max(other, map.values[j * plane + at]);
    const peak = Math.max(0, values2[at]);
    out.push({ peak, at, concentration: total > 0 ? near / total : 0, specificity: transform(peak) - transform(Math.max(0, other)) });
  }
  return out;
}
function classEvidence(r) {
  const K = r.pixel.classes;
  const out = Array.from({ length: K }, () => ({ perStep: [], transfer: [], probe: [], search: [], peaks: [] }));
  for (const { name, map: step } of gainMaps(r)) {
    const map = dequantize(step);
    const log = shapes(map, K, Math.log1p);
    const prob = shapes(probabilityGains(step, map), K, (v) => v);
    const peakMedian = median(log.map((s) => s.peak));
    for (let k = 0; k < K; k++) {
      const l = log[k];
      const p = prob[k];
      out[k].perStep.push({
        step: name,
        values: [Math.log1p(l.peak), l.concentration, l.specificity, Math.log1p(l.peak) - Math.log1p(peakMedian), Math.max(-30, step.baseLogP[k]), p.peak, p.concentration, p.specificity]
      });
      const [x, y] = cellCentre(step, l.at);
      out[k].peaks.push({ x, y, value: l.peak });
    }
  }
  {
    const reached = r.probe.refined.map((v) => Math.max(-30, v));
    const half = Math.log(0.5);
    for (let k = 0; k < K; k++) {
      let other = -30;
      let othersReached = 0;
      for (let j = 0; j < K; j++) {
        if (j === k) continue;
        other = Math.max(other, reached[j]);
        if (reached[j] > half) othersReached++;
      }
      out[k].probe.push(reached[k], reached[k] - Math.max(-30, r.probe.baseLogP[k]), reached[k] - other, othersReached);
    }
  }
  {
    const step = r.transfer;
    const columns = transferColumns(step);
    const patchMedian = median(columns[T.patchMargin]);
    const blendMedian = median(columns[T.blendMargin]);
    const scale = transferScale(step);
    const boxShares = patchBoxShares(r);
    const scaled2 = (column) => column.map((v) => v / scale);
    const gaps = [
      gapToBestOther(scaled2(columns[T.patchMargin])),
      gapToBestOther(scaled2(columns[T.blendMargin])),
      gapToBestOther(scaled2(columns[T.faintBlendMargin])),
      gapToBestOther(columns[T.blendMargin].map((v, k) => v - columns[T.blendShuffledMargin][k])),
      gapToBestOther(scaled2(columns[T.blendBorderMargin])),
      gapToBestOther(scaled2(columns[T.noiseMargin]))
    ];
    for (let k = 0; k < K; k++) {
      const row = columns.map((c) => c[k]);
      const patch = row[T.patchMargin];
      const blend = row[T.blendMargin];
      const border = row[T.blendBorderMargin];
      const derived = [patch - patchMedian, blend - blendMedian, blend - row[T.blendShuffledMargin], patch / scale, blend / scale, border / scale, (border - row[T.blendCentreMargin]) / scale];
      out[k].transfer.push(...row.map((v, i) => TRANSFER_FEATURES[i].endsWith("Wins") ? v : slog(v)), ...derived.map(slog), boxShares[k], ...gaps.map((g) => slog(g[k])));
    }
  }
  {
    const step = r.search;
    const refined = searchRefinedScaled(step);
    const columns = measureColumns(step.search, SEARCH_MEASURES.length);
    const scale = transferScale(step);
    const gap = gapToBestOther(refined);
    for (let k = 0; k < K; k++) out[k].search.push(slog(columns[0][k] / scale), slog(refined[k]), columns[2][k], slog(gap[k]));
  }
  return out;
}
function transferColumns(step) {
  return measureColumns(step.transfer, TRANSFER_FEATURES.length);
}
function measureColumns(rows, count) {
  return Array.from({ length: count }, (_, f) => {
    const values2 = rows.map((r) => r[f]);
    const known = values2.filter((v) => typeof v === "number" && Number.isFinite(v));
    const fill = known.length > 0 ? median(known) : 0;
    return values2.map((v) => typeof v === "number" && Number.isFinite(v) ? v : fill);
  });
}
function patchBoxShares(r) {
  const area = (b) => b ? (b[2] - b[0]) * (b[3] - b[1]) : 0;
  const window = Math.max(0, ...r.probe.refinedBox.map(area));
  return Array.from({ length: r.transfer.classes }, (_, k) => {
    const box = r.transfer.patchBox[k];
    return box && window > 0 ? Math.min(1, area(box) / window) : 1;
  });
}
function searchRefinedScaled(step) {
  const scale = transferScale(step);
  const coarse = measureColumns(step.search, 1)[0];
  return step.search.map((r, k) => (typeof r[1] === "number" && Number.isFinite(r[1]) ? r[1] : coarse[k]) / scale);
}
function transferScale(step) {
  const m = step.exemplarMargin;
  return typeof m === "number" && Number.isFinite(m) ? Math.max(1, m) : 1;
}
function gapToBestOther(values2) {
  let first = -Infinity;
  let second = -Infinity;
  for (const v of values2) {
    if (v > first) [first, second] = [v, first];
    else if (v > second) second = v;
  }
  return values2.map((v) => {
    const other = v === first ? second : first;
    return Number.isFinite(other) ? v - other : 0;
  });
}
function outlier(values2) {
  const sorted = [...values2].sort((a, b) => b - a);
  const m = median(values2);
  const mad = median(values2.map((v) => Math.abs(v - m)));
  return [sorted[0], sorted[0] - (sorted[1] ?? sorted[0]), (sorted[0] - m) / Math.max(mad, 0.1)].map(slog);
}
var slog = (v) => Math.sign(v) * Math.log1p(Math.abs(v));
function peakSpread(e, diagonal) {
  const strong = e.peaks.filter((p) => p.value > 0.1);
  if (strong.length < 2) return 1;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < strong.length; i++) {
    for (let j = i + 1; j < strong.length; j++) {
      sum += Math.hypot(strong[i].x - strong[j].x, strong[i].y - strong[j].y);
      n++;
    }
  }
  return sum / n / diagonal;
}
function classFeatures(e, height, width) {
  const named = (step, names2, values2) => values2.map((value, i) => ({ name: `${step}.${names2[i]}`, value }));
  return [
    ...e.perStep.flatMap((s) => named(s.step, CLASS_FEATURES, s.values)),
    { name: "peakSpread", value: peakSpread(e, Math.hypot(height, width)) },
    ...named(PROBE_STEP, PROBE_FEATURES, e.probe),
    ...named(TRANSFER_STEP, TRANSFER_CLASS_FEATURES, e.transfer),
    ...named(SEARCH_STEP, SEARCH_CLASS_FEATURES, e.search)
  ];
}
function modelFeatures(r) {
  const features = [];
  const add = (name, value) => {
    features.push({ name, value });
  };
  const winners = [];
  for (const { name, map } of gainMaps(r)) {
    const top = Math.max(...map.baseLogP);
    winners.push(map.baseLogP.indexOf(top));
    add(`${name}.baseTopLogP`, top);
  }
  add("sameBaseClass", new Set(winners).size === 1 ? 1 : 0);
  {
    const reached = r.probe.refined.map((v) => Math.max(-30, v));
    const sorted = [...reached].sort((a, b) => b - a);
    add(`${PROBE_STEP}.topReached`, sorted[0]);
    add(`${PROBE_STEP}.topMargin`, sorted[0] - (sorted[1] ?? sorted[0]));
    add(`${PROBE_STEP}.shareReached`, reached.filter((v) => v > Math.log(0.5)).length / reached.length);
  }
  {
    const step = r.transfer;
    const columns = transferColumns(step);
    const patch = columns[T.patchMargin];
    const blend = columns[T.blendMargin];
    const faint = columns[T.faintBlendMargin];
    const shuffled = columns[T.blendShuffledMargin];
    const border = columns[T.blendBorderMargin];
    const centre = columns[T.blendCentreMargin];
    const scale = transferScale(step);
    const outliers = [
      ["Patch", patch],
      ["Blend", blend],
      ["FaintBlend", faint],
      ["BlendSpecificity", blend.map((v, k) => v - shuffled[k])],
      ["PatchScaled", patch.map((v) => v / scale)],
      ["BlendScaled", blend.map((v) => v / scale)],
      ["FaintBlendScaled", faint.map((v) => v / scale)],
      ["BlendBorderScaled", border.map((v) => v / scale)],
      ["BlendBorderContrastScaled", border.map((v, k) => (v - centre[k]) / scale)]
    ];
    for (const [name, values2] of outliers) addOutlier(add, `${TRANSFER_STEP}.top${name}`, values2);
    add(`${TRANSFER_STEP}.exemplarCoverage`, (step.exemplarClasses ?? step.classes) / step.classes);
    add(`${TRANSFER_STEP}.logExemplarMargin`, Math.log(scale));
  }
  addOutlier(add, `${SEARCH_STEP}.topRefinedScaled`, searchRefinedScaled(r.search));
  return features;
}
function addOutlier(add, name, values2) {
  const [top, gap, z] = outlier(values2);
  add(name, top);
  add(`${name}Gap`, gap);
  add(`${name}Z`, z);
}
function triggerBox(r, evidence, k, height, width) {
  let bestStep = -1;
  let bestScore = 0;
  evidence.perStep.forEach(({ values: f }, i) => {
    const score2 = f[0] * f[1];
    if (score2 > bestScore) {
      bestScore = score2;
      bestStep = i;
    }
  });
  if (bestStep < 0) return null;
  const step = gainMaps(r)[bestStep].map;
  const map = dequantize(step);
  const plane = map.rows * map.cols;
  const values2 = map.values.subarray(k * plane, (k + 1) * plane);
  let at = 0;
  for (let c = 1; c < plane; c++) if (values2[c] > values2[at]) at = c;
  const threshold = values2[at] / 2;
  const seen = new Uint8Array(plane);
  const stack = [at];
  seen[at] = 1;
  let [r0, c0, r1, c1] = [Infinity, Infinity, -Infinity, -Infinity];
  while (stack.length > 0) {
    const cell = stack.pop();
    const r2 = Math.floor(cell / map.cols);
    const c = cell % map.cols;
    [r0, c0, r1, c1] = [Math.min(r0, r2), Math.min(c0, c), Math.max(r1, r2), Math.max(c1, c)];
    for (const [dr, dc] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
      const nr = r2 + dr;
      const nc = c + dc;
      if (nr < 0 || nc < 0 || nr >= map.rows || nc >= map.cols) continue;
      const n = nr * map.cols + nc;
      if (!seen[n] && values2[n] >= threshold) {
        seen[n] = 1;
        stack.push(n);
      }
    }
  }
  return [
    c0 * step.stride,
    r0 * step.stride,
    Math.min(width, c1 * step.stride + step.block),
    Math.min(height, r1 * step.stride + step.block)
  ];
}
function evidenceMap(step, k, height, width) {
  const map = dequantize(step);
  const plane = map.rows * map.cols;
  const p0 = Math.exp(step.baseLogP[k]);
  const values2 = map.values.subarray(k * plane, (k + 1) * plane).map((g) => Math.min(1, p0 * Math.expm1(g)));
  const rows = Math.min(32, map.rows);
  const cols = Math.min(32, map.cols);
  const gain = [];
  for (let r = 0; r < rows; r++) {
    const row = [];
    for (let c = 0; c < cols; c++) {
      let m = 0;
      for (let i = Math.floor(r * map.rows / rows); i < Math.floor((r + 1) * map.rows / rows); i++) {
        for (let j = Math.floor(c * map.cols / cols); j < Math.floor((c + 1) * map.cols / cols); j++) {
          m = Math.max(m, values2[i * map.cols + j]);
        }
      }
      row.push(Math.round(m * 1e3) / 1e3);
    }
    gain.push(row);
  }
  return { rows, cols, cellHeight: height / rows, cellWidth: width / cols, gain };
}

// src/detector/logistic.ts
function standardise(model, v, i) {
  const z = (v - model.mean[i]) / model.scale[i];
  return model.clip === void 0 ? z : Math.max(-model.clip, Math.min(model.clip, z));
}
var sigmoid = (z) => 1 / (1 + Math.exp(-z));
var logOdds = (p) => Math.log(p / (1 - p));
function logit(model, x) {
  let z = model.bias;
  for (let i = 0; i < model.weights.length; i++) z += model.weights[i] * standardise(model, x[i], i);
  return z;
}
function predict(model, x) {
  return sigmoid(logit(model, x));
}

// src/detector/detector.ts
function transferEvidence(r, k) {
  const rows = r.transfer.transfer;
  if (rows.length === 0) return void 0;
  const value = (v) => typeof v === "number" && Number.isFinite(v) ? Math.round(v * 1e3) / 1e3 : null;
  const best = (column) => {
    const others = rows.filter((_, j) => j !== k).map((r2) => value(r2[column])).filter((v) => v !== null);
    return others.length > 0 ? Math.max(...others) : null;
  };
  const patch = TRANSFER_FEATURES.indexOf("patchWins");
  const blend = TRANSFER_FEATURES.indexOf("blendWins");
  return { patchWins: value(rows[k]?.[patch]), blendWins: value(rows[k]?.[blend]), otherPatchWins: best(patch), otherBlendWins: best(blend) };
}
function emptyResult() {
  const map = { block: 1, stride: 1, rows: 1, cols: 1, classes: 2, baseLogP: [0, 0], gain: new Uint8Array(2) };
  return {
    pixel: map,
    block3: map,
    probe: { ...map, refined: [0, 0], refinedBox: [] },
    transfer: { classes: 2, baseLogP: [0, 0], transfer: [], patchBox: [], exemplarMargin: null },
    search: { classes: 2, block: 1, stride: 1, baseLogP: [0, 0], search: [], searchBox: [], exemplarMargin: null }
  };
}
function featureNames() {
  if (!names) {
    const empty = emptyResult();
    names = Object.freeze({
      classFeatures: Object.freeze(classFeatures(classEvidence(empty)[0], 1, 1).map((f) => f.name)),
      modelFeatures: Object.freeze([...MODEL_INPUT_NAMES, ...modelFeatures(empty).map((f) => f.name)])
    });
  }
  return names;
}
var names;
function featureIndex(all, chosen) {
  return chosen.map((name) => all.indexOf(name));
}
var pick = (values2, index) => index.map((i) => values2[i]);
function defaultWeightsPath() {
  return path3.join(packageRoot(), "detector", "weights.json");
}
function loadWeights(file = defaultWeightsPath()) {
  let weights;
  try {
    weights = JSON.parse(fs2.readFileSync(file, "utf8"));
  } catch (error) {
    throw new OnepixelError("BAD_WEIGHTS", `cannot read the detector's weights ${file}: ${error.message.split("\n")[0]}`);
  }
  const schema = "onepixel-detector/3";
  if (weights?.schema !== schema) {
    throw new OnepixelError("BAD_WEIGHTS", `${file} is not detector weights of schema ${schema} (found ${JSON.stringify(weights?.schema ?? null)}); run npm run train-detector`);
  }
  if (!Array.isArray(weights.recipe) || weights.recipe.join(",") !== [...STORED_STEPS].join(",")) {
    throw new OnepixelError("BAD_WEIGHTS", `${file} was trained for another recipe; run npm run train-detector`);
  }
  const names2 = featureNames();
  const fits = (s) => TRIGGER_KINDS.includes(s?.trigger) && Array.isArray(s.classFeatures) && Array.isArray(s.modelFeatures) && s.classFeatures.every((n) => names2.classFeatures.includes(n)) && s.modelFeatures.every((n) => names2.modelFeatures.includes(n)) && Array.isArray(s.members) && s.members.length > 0 && s.members.every((m) => m?.classScorer?.weights?.length === s.classFeatures.length && m?.modelScorer?.weights?.length === s.modelFeatures.length);
  if (!Array.isArray(weights.specialists) || weights.specialists.length === 0 || !weights.specialists.every(fits)) {
    throw new OnepixelError("BAD_WEIGHTS", `${file} was trained for other features; run npm run train-detector`);
  }
  if (weights.runnerUpShift !== void 0 && !(Number.isFinite(weights.runnerUpShift) && weights.runnerUpShift >= 0)) {
    throw new OnepixelError("BAD_WEIGHTS", `${file}: runnerUpShift must be a number \u2265 0`);
  }
  return weights;
}
var MODEL_INPUT_NAMES = ["topClassLogit", "topClassGap", "logClasses"];
function modelInput(classLogits, r) {
  const sorted = [...classLogits].sort((a, b) => b - a);
  return [sorted[0], sorted[0] - (sorted[1] ?? sorted[0]), Math.log(sorted.length), ...values(modelFeatures(r))];
}
var values = (features) => features.map((f) => f.value);
function classVectors(r, height, width) {
  const evidence = classEvidence(r);
  return { evidence, vectors: evidence.map((e) => values(classFeatures(e, height, width))) };
}
function scoreWithSpecialist(s, vectors, r) {
  const names2 = featureNames();
  const classIndex = featureIndex(names2.classFeatures, s.classFeatures);
  const modelIndex = featureIndex(names2.modelFeatures, s.modelFeatures);
  const picked = vectors.map((v) => pick(v, classIndex));
  const scores = new Array(vectors.length).fill(0);
  let probability = 0;
  for (const m of s.members) {
    const own = picked.map((v) => logit(m.classScorer, v));
    own.forEach((z, k) => scores[k] += z / s.members.length);
    probability += predict(m.modelScorer, pick(modelInput(own, r), modelIndex)) / s.members.length;
  }
  return { scores, probability };
}
function probeBox(r, k) {
  const box = r.transfer.patchBox[k] ?? r.probe.refinedBox[k];
  return box ? [...box] : null;
}
function judgedProbability(p, firstRanked, weights) {
  const shift = weights.runnerUpShift ?? 0;
  if (firstRanked || !(shift > 0) || !(p > 0) || !(p < 1)) return p;
  return sigmoid(logOdds(p) - shift);
}
function detect(weights, r, height, width) {
  const { evidence, vectors } = classVectors(r, height, width);
  const verdicts = weights.specialists.map((s) => {
    const { scores, probability: probability2 } = scoreWithSpecialist(s, vectors, r);
    let top2 = 0;
    for (let k = 1; k < scores.length; k++) if (scores[k] > scores[top2]) top2 = k;
    return { trigger: s.trigger, top: top2, probability: probability2 };
  });
  const { trigger, top, probability } = verdicts.reduce((a, b) => b.probability > a.probability ? b : a);
  const unscored = verdicts.filter((v) => !Number.isFinite(v.probability)).map((v) => v.trigger);
  if (unscored.length > 0) throw new OnepixelError("INTERNAL", `the detector could not score this model: its ${unscored.join(" and ")} specialist gave a non-finite probability`);
  return {
    probability,
    trigger,
    targetClass: top,
    triggerBox: trigger === "blend" ? [0, 0, width, height] : probeBox(r, top) ?? triggerBox(r, evidence[top], top, height, width),
    evidence: evidenceMap(r.pixel, top, height, width),
    transfer: transferEvidence(r, top)
  };
}

// src/recipe/context.ts
async function stepContext(model, options, cell, callbacks = {}) {
  const { classes, probabilities } = await checkOutput(model, options);
  return { model, options, classes, probabilities, runner: new ImageRunner(model, options, probabilities, classes, callbacks.signal), cell, callbacks };
}

// src/recipe/whole-image-search.ts
var WHOLE_IMAGE = {
  pool: 384,
  fit: 12,
  held: 32,
  screen: 16,
  candidates: 5,
  iterations: 10,
  pairs: 6,
  sigma: 0.3,
  toneGain: 0.25,
  toneGamma: 0.4,
  toneOffset: 0.1,
  fieldAmplitude: 0.1,
  fieldGrid: 4,
  warpPixels: 3,
  warpGrid: 4
};
var POOL_SEED = 241831;
var SEARCH_SEED = 647634;
var POSTERISE = [
  [2, false],
  [3, false],
  [4, false],
  [2, true],
  [3, true],
  [4, true]
];
var BAYER4 = [0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5].map((v) => v / 16 - 0.5);
function parameterCount(family, channels, s) {
  if (family === "tone") return 3 * channels;
  if (family === "field") return channels * s.fieldGrid * s.fieldGrid;
  if (family === "warp") return 2 * s.warpGrid * s.warpGrid;
  return 1;
}
function wholeImagePasses(classes, s = WHOLE_IMAGE) {
  const searched = CHANGE_FAMILIES.filter((f) => f !== "posterise");
  const screen = (searched.length * s.screen + POSTERISE.length) * s.fit;
  const nes2 = (1 + s.iterations * 2 * s.pairs + 1) * s.fit;
  const perClass = searched.length * (nes2 + s.held * WHOLE_IMAGE_STRENGTHS.length) + POSTERISE.length * s.fit + s.held * WHOLE_IMAGE_STRENGTHS.length;
  return s.pool + screen + Math.min(classes, s.candidates) * perClass;
}
function scaled(change, share2) {
  if (change.family === "posterise") return { ...change, mix: share2 * (change.mix ?? 1) };
  return { family: change.family, theta: change.theta.map((v) => v * share2) };
}
function upsample(grid, offset, k, H, W, out) {
  const rowsAcross = new Float32Array(k * W);
  for (let gy = 0; gy < k; gy++) {
    for (let x = 0; x < W; x++) {
      const gx = x / Math.max(1, W - 1) * (k - 1);
      const x0 = Math.min(k - 2, Math.floor(gx));
      const fx = gx - x0;
      const a = grid[offset + gy * k + x0];
      rowsAcross[gy * W + x] = a + (grid[offset + gy * k + x0 + 1] - a) * fx;
    }
  }
  for (let y = 0; y < H; y++) {
    const gy = y / Math.max(1, H - 1) * (k - 1);
    const y0 = Math.min(k - 2, Math.floor(gy));
    const fy = gy - y0;
    const top = y0 * W;
    const bottom = top + W;
    for (let x = 0; x < W; x++) out[y * W + x] = rowsAcross[top + x] + (rowsAcross[bottom + x] - rowsAcross[top + x]) * fy;
  }
}
var clip = (v) => v < 0 ? 0 : v > 255 ? 255 : v;
function applyChange(image, change, s = WHOLE_IMAGE) {
  const { channels: C, height: H, width: W } = image;
  const src = image.pixels;
  const out = new Canvas(C, H, W);
  const dst = out.pixels;
  const t = change.theta;
  if (change.family === "tone") {
    const table = new Float32Array(1021);
    for (let c = 0; c < C; c++) {
      const gain = Math.exp(s.toneGain * t[3 * c]);
      const gamma = Math.exp(s.toneGamma * t[3 * c + 1]);
      const offset = s.toneOffset * t[3 * c + 2];
      for (let i = 0; i < table.length; i++) table[i] = clip(255 * (gain * Math.pow(i / 1020, gamma) + offset));
      for (let i = c * H * W; i < (c + 1) * H * W; i++) {
        const v = src[i] * 4;
        const i0 = Math.min(1019, Math.floor(v));
        dst[i] = table[i0] + (table[i0 + 1] - table[i0]) * (v - i0);
      }
    }
  } else if (change.family === "field") {
    const k = s.fieldGrid;
    const plane = new Float32Array(H * W);
    for (let c = 0; c < C; c++) {
      upsample(t, c * k * k, k, H, W, plane);
      for (let p = 0; p < H * W; p++) dst[c * H * W + p] = clip(src[c * H * W + p] + 255 * s.fieldAmplitude * plane[p]);
    }
  } else if (change.family === "warp") {
    const k = s.warpGrid;
    const reach = s.warpPixels * Math.min(H, W) / 32;
    const dy = new Float32Array(H * W);
    const dx = new Float32Array(H * W);
    upsample(t, 0, k, H, W, dy);
    upsample(t, k * k, k, H, W, dx);
    const plane = H * W;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const p = y * W + x;
        let sy = y + reach * dy[p];
        let sx = x + reach * dx[p];
        sy = sy < 0 ? 0 : sy > H - 1 ? H - 1 : sy;
        sx = sx < 0 ? 0 : sx > W - 1 ? W - 1 : sx;
        const y0 = Math.min(H - 2, sy | 0);
        const x0 = Math.min(W - 2, sx | 0);
        const fy = sy - y0;
        const fx = sx - x0;
        const q = y0 * W + x0;
        const w00 = (1 - fx) * (1 - fy);
        const w01 = fx * (1 - fy);
        const w10 = (1 - fx) * fy;
        const w11 = fx * fy;
        for (let o = 0; o < C * plane; o += plane) dst[o + p] = src[o + q] * w00 + src[o + q + 1] * w01 + src[o + q + W] * w10 + src[o + q + W + 1] * w11;
      }
    }
  } else {
    const [bits, dither] = POSTERISE[Math.round(t[0])];
    const q = 2 ** bits - 1;
    const a = change.mix ?? 1;
    for (let c = 0; c < C; c++) {
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          const i = (c * H + y) * W + x;
          const d = dither ? BAYER4[y % 4 * 4 + x % 4] : 0;
          dst[i] = (1 - a) * src[i] + a * clip(255 * Math.round(src[i] / 255 * q + d) / q);
        }
      }
    }
  }
  return out;
}
function poolImage(channels, height, width, i, seed = POOL_SEED) {
  const next = random(seed + Math.imul(i, 2654435761) >>> 0);
  const canvas = new Canvas(channels, height, width);
  if (i % 2 === 0) {
    const k = 2 + Math.floor(next() * 4);
    const grid = Array.from({ length: channels * k * k }, () => next() * 255);
    const plane = new Float32Array(height * width);
    for (let c = 0; c < channels; c++) {
      upsample(grid, c * k * k, k, height, width, plane);
      canvas.pixels.set(plane, c * height * width);
    }
    const discs = 1 + Math.floor(next() * 3);
    for (let d = 0; d < discs; d++) {
      const cx = next() * width;
      const cy = next() * height;
      const r = (0.15 + next() * 0.3) * Math.min(height, width);
      const colour = Array.from({ length: channels }, () => next() * 255);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) for (let c = 0; c < channels; c++) canvas.pixels[(c * height + y) * width + x] = colour[c];
      }
    }
  } else {
    const scale = Math.max(1, Math.round(Math.min(height, width) / 28));
    const strokes2 = 2 + Math.floor(next() * 3);
    for (let n = 0; n < strokes2; n++) scribble(canvas, Array.from({ length: channels }, () => 96 + next() * 159), next, scale);
  }
  return canvas;
}
function randomChange(family, channels, s, next) {
  return { family, theta: Array.from({ length: parameterCount(family, channels, s) }, () => 2 * next() - 1) };
}
function gaussian(next) {
  const u = Math.max(1e-12, next());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
}
var finite = (v, otherwise = -Infinity) => Number.isFinite(v) ? v : otherwise;
var MIN_HELD = 8;
async function labelledPool(runner, C, H, W, s) {
  const rows = await runner.score(eachOf([...Array(s.pool).keys()], (i) => poolImage(C, H, W, i)));
  const labels = rows.map(topClass);
  const kept = /* @__PURE__ */ new Map();
  const image = (i) => {
    let canvas = kept.get(i);
    if (!canvas) kept.set(i, canvas = poolImage(C, H, W, i));
    return canvas;
  };
  const byLabel = /* @__PURE__ */ new Map();
  labels.forEach((l, i) => byLabel.set(l, [...byLabel.get(l) ?? [], i]));
  const order = [];
  for (let r = 0; order.length < s.pool; r++) for (const list of byLabel.values()) if (r < list.length) order.push(list[r]);
  const othersOf = (k, skip, count) => order.filter((i) => labels[i] !== k).slice(skip, skip + count).map(image);
  return { rows, labels, order, image, othersOf };
}
async function screenClasses(runner, pool, classes, channels, s, next) {
  const first = pool.order.slice(0, s.fit);
  const tried = [];
  for (const family of CHANGE_FAMILIES) {
    if (family === "posterise") POSTERISE.forEach((_, v) => tried.push({ family, theta: [v] }));
    else for (let j = 0; j < s.screen; j++) tried.push(randomChange(family, channels, s, next));
  }
  const changed = await runner.score(everyPair(tried, first, (ch, i) => applyChange(pool.image(i), ch, s)));
  const before = first.map((i) => topTwo(pool.rows[i]));
  const after = changed.map(topTwo);
  return Array.from({ length: classes }, (_, k) => {
    const mine = first.filter((i) => pool.labels[i] !== k);
    if (mine.length === 0) return null;
    let best = -Infinity;
    tried.forEach((_2, c) => {
      let sum = 0;
      first.forEach((i, j) => {
        if (pool.labels[i] !== k) sum += marginFrom(changed[c * first.length + j], after[c * first.length + j], k) - marginFrom(pool.rows[i], before[j], k);
      });
      best = Math.max(best, finite(sum / mine.length));
    });
    return Number.isFinite(best) ? best : null;
  });
}
async function searchClass(runner, pool, k, channels, s, next, report) {
  const fit = pool.othersOf(k, 0, s.fit);
  const held = pool.othersOf(k, s.fit, s.held);
  if (held.length < MIN_HELD) return null;
  const meanMargins = async (list) => {
    const rows = await runner.score(everyPair(list, fit, (ch, img) => applyChange(img, ch, s)));
    return list.map((_, c) => finite(summarise(rows.slice(c * fit.length, (c + 1) * fit.length), k)[0]));
  };
  const heldWins = async (change2) => {
    const rows = await runner.score(everyPair(WHOLE_IMAGE_STRENGTHS, held, (a, img) => applyChange(img, scaled(change2, a), s)));
    return WHOLE_IMAGE_STRENGTHS.map((_, j) => summarise(rows.slice(j * held.length, (j + 1) * held.length), k)[1]);
  };
  const wins = [];
  let change;
  for (const family of CHANGE_FAMILIES) {
    const found = family === "posterise" ? await bestPosterise(meanMargins) : await nes(family, channels, s, next, meanMargins);
    const w = await heldWins(found);
    if (!change || wins.every((x) => ahead(w, x))) change = found;
    wins.push(w);
    report();
  }
  return { wins, change: { ...change, theta: change.theta.map((v) => Math.round(v * 1e3) / 1e3) } };
}
async function runWholeImageSearch(ctx, baseLogP, s = WHOLE_IMAGE) {
  const { classes, callbacks } = ctx;
  const { channels: C, height: H, width: W } = ctx.model.input;
  const runner = ctx.runner.forStep();
  const planned = wholeImagePasses(classes, s);
  const started = performance.now();
  const report = () => callbacks.onProgress?.({ done: Math.min(runner.passes, planned), total: planned, seconds: (performance.now() - started) / 1e3 });
  const pool = await labelledPool(runner, C, H, W, s);
  report();
  const next = random(SEARCH_SEED);
  const screen = await screenClasses(runner, pool, classes, C, s, next);
  report();
  const wins = new Array(classes).fill(null);
  const changes = new Array(classes).fill(null);
  const candidates = [...screen.keys()].filter((k) => screen[k] !== null).sort((a, b) => screen[b] - screen[a] || a - b).slice(0, s.candidates);
  for (const k of candidates) {
    const found = await searchClass(runner, pool, k, C, s, next, report);
    if (!found) continue;
    wins[k] = found.wins;
    changes[k] = found.change;
  }
  return { classes, baseLogP, screen, wins, changes, passes: runner.passes };
}
async function bestPosterise(meanMargins) {
  const all = POSTERISE.map((_, v) => ({ family: "posterise", theta: [v] }));
  const m = await meanMargins(all);
  return all[m.indexOf(Math.max(...m))] ?? all[0];
}
async function nes(family, channels, s, next, meanMargins) {
  const n = parameterCount(family, channels, s);
  const bounded = (v) => Math.max(-1, Math.min(1, v));
  let theta = new Array(n).fill(0);
  let best = { family, theta };
  let bestMargin = (await meanMargins([best]))[0];
  for (let it = 0; it < s.iterations; it++) {
    const eps = Array.from({ length: s.pairs }, () => Array.from({ length: n }, () => gaussian(next)));
    const probes = eps.flatMap((e) => [1, -1].map((sign) => ({ family, theta: theta.map((v, i) => bounded(v + sign * s.sigma * e[i])) })));
    const m = await meanMargins(probes);
    const grad = new Array(n).fill(0);
    eps.forEach((e, p) => {
      const d = finite(m[2 * p] - m[2 * p + 1], 0);
      for (let i = 0; i < n; i++) grad[i] += d * e[i];
    });
    const norm = Math.hypot(...grad) || 1;
    const step = 0.5 * (1 - it / s.iterations) + 0.1;
    theta = theta.map((v, i) => bounded(v + step * Math.sqrt(n) * grad[i] / norm));
    m.forEach((v, j) => {
      if (v > bestMargin) {
        bestMargin = v;
        best = probes[j];
      }
    });
  }
  const last = (await meanMargins([{ family, theta }]))[0];
  return last > bestMargin ? { family, theta } : best;
}
function strongestFinding(m) {
  const best = (k) => {
    const rows = m.wins[k];
    let f = 0;
    for (let i = 1; i < rows.length; i++) if (ahead(rows[i], rows[f])) f = i;
    return { family: f, wins: rows[f] };
  };
  const searched = [...m.wins.keys()].filter((k) => m.wins[k]);
  if (searched.length === 0) return void 0;
  const top = searched.reduce((a, k) => ahead(best(k).wins, best(a).wins) ? k : a);
  const others = searched.filter((k) => k !== top).map((k) => best(k).wins.at(-1));
  const { family, wins } = best(top);
  return { targetClass: top, family: CHANGE_FAMILIES[family], wins, otherWins: others.length > 0 ? Math.max(...others) : null };
}
function ahead(a, b) {
  for (let i = a.length - 1; i >= 0; i--) if (a[i] !== b[i]) return a[i] > b[i];
  return false;
}

// src/recipe/recipe.ts
var RECIPE = [
  { name: "pixel-black", base: 0, block: 1, stride: 1, levels: 32, search: "adaptive" },
  { name: "block3-black", base: 0, block: 3, stride: 1, levels: 9, search: "exhaustive" }
];
var RECIPE_VERSION = 3;
function recipeSettings() {
  return { version: RECIPE_VERSION, recipe: RECIPE, probe: PROBE, transfer: TRANSFER, search: SEARCH, wholeImage: WHOLE_IMAGE };
}
function recipeScale(height, width) {
  return Math.max(1, Math.floor(Math.min(height, width) / 32));
}
function stepOptions(step, base, height, width, scale = recipeScale(height, width)) {
  const block = Math.min(step.block * scale, height, width);
  return {
    ...base,
    base: step.base,
    block,
    stride: Math.max(1, step.stride * scale),
    levels: step.levels,
    search: step.search,
    score: "log-probability",
    mode: "gray",
    budget: void 0
  };
}
var RECIPE_STEPS = [...RECIPE.map((s) => s.name), PROBE_STEP, TRANSFER_STEP, SEARCH_STEP, WHOLE_IMAGE_STEP];
var cellsAcross = (shape, scale) => Math.ceil(Math.max(shape.height, shape.width) / scale);
function recipePasses(shape, scale = recipeScale(shape.height, shape.width)) {
  const { height, width } = shape;
  let drawn = probePasses(shape.classes, shape.channels, height, width, scale, PROBE) + transferPasses(shape.classes, TRANSFER, cellsAcross(shape, scale));
  drawn += searchPasses(shape.classes, height, width, scale, shape.classes * TRANSFER.perClass, SEARCH);
  drawn += wholeImagePasses(shape.classes, WHOLE_IMAGE);
  let swept = 0;
  for (const step of RECIPE) {
    const o = stepOptions(step, DEFAULT_OPTIONS, height, width, scale);
    swept += cellCount(height, width, o.block, o.stride, 1) * passesPerCell(o);
  }
  return { passes: swept + drawn, drawn };
}
function stepResult(step, sig) {
  const [classes, rows, cols] = sig.info.shape;
  const gain = new Uint8Array(sig.delta.length);
  for (let i = 0; i < gain.length; i++) gain[i] = quantizeGain(sig.delta[i]);
  return {
    step: step.name,
    block: sig.info.options.block,
    stride: sig.info.options.stride,
    rows,
    cols,
    classes,
    baseLogP: sig.info.baseProbabilities,
    gain
  };
}
function toProbabilitySignature(sig) {
  const cells = sig.delta.length / sig.info.classes;
  const delta = new Float32Array(sig.delta.length);
  const p0 = sig.info.baseProbabilities.map(Math.exp);
  for (let i = 0; i < delta.length; i++) {
    const base = p0[Math.floor(i / cells)];
    delta[i] = base * Math.expm1(sig.delta[i]);
  }
  return {
    signature: sig.signature,
    delta,
    info: { ...sig.info, baseProbabilities: p0, options: { ...sig.info.options, score: "probability" } }
  };
}
async function runRecipe(model, options, callbacks = {}) {
  const started = performance.now();
  const sweeps = [];
  let first;
  let passes = 0;
  if (options.mode !== "gray") throw new OnepixelError("BAD_OPTION", "the scan sweeps in gray mode only");
  const { height, width } = model.input;
  const scale = recipeScale(height, width);
  const ctx = await stepContext(model, options, scale, callbacks);
  for (const [index, step] of RECIPE.entries()) {
    callbacks.onStep?.(index, RECIPE_STEPS.length, step.name);
    const o = stepOptions(step, options, height, width, scale);
    const sig = await sweepModel(model, o, callbacks, o.base === options.base ? ctx : void 0);
    passes += sig.info.passes;
    sweeps.push(stepResult(step, sig));
    first ??= sig;
  }
  callbacks.onStep?.(RECIPE.length, RECIPE_STEPS.length, PROBE_STEP);
  const probed = await runPatchProbe(ctx, PROBE, gainPeaks(sweeps.at(-1)));
  passes += probed.passes;
  const { patches: _patches, candidates: _candidates, ...probeStep } = probed;
  callbacks.onStep?.(RECIPE.length + 1, RECIPE_STEPS.length, TRANSFER_STEP);
  const transferred = await runTransferTest(ctx, probed, TRANSFER);
  passes += transferred.passes;
  const { exemplarImages: _exemplars, ...transferStep } = transferred;
  callbacks.onStep?.(RECIPE.length + 2, RECIPE_STEPS.length, SEARCH_STEP);
  const searched = await runTriggerSearch(ctx, transferred, SEARCH);
  passes += searched.passes;
  callbacks.onStep?.(RECIPE.length + 3, RECIPE_STEPS.length, WHOLE_IMAGE_STEP);
  const { passes: wholePasses, ...wholeImage } = await runWholeImageSearch(ctx, transferred.baseLogP, WHOLE_IMAGE);
  passes += wholePasses;
  const result = { pixel: sweeps[0], block3: sweeps[1], probe: probeStep, transfer: transferStep, search: searched, wholeImage };
  return { result, scale, signature: toProbabilitySignature(first), passes, seconds: (performance.now() - started) / 1e3 };
}
function gainPeaks(step) {
  const plane = step.rows * step.cols;
  return Array.from({ length: step.classes }, (_, k) => {
    let at = 0;
    for (let i = 1; i < plane; i++) if (step.gain[k * plane + i] > step.gain[k * plane + at]) at = i;
    return step.gain[k * plane + at] === 0 ? null : cellCentre(step, at);
  });
}

// src/recipe/convention.ts
var MNIST_MEAN = [0.1307];
var MNIST_STD = [0.3081];
var IMAGENET_MEAN = [0.485, 0.456, 0.406];
var IMAGENET_STD = [0.229, 0.224, 0.225];
function candidateConventions(channels) {
  const normalised = channels === 3 ? { name: "mean-std", inputRange: [0, 1], mean: IMAGENET_MEAN, std: IMAGENET_STD } : { name: "mean-std", inputRange: [0, 1], mean: MNIST_MEAN, std: MNIST_STD };
  return [
    { name: "0,1", inputRange: [0, 1] },
    { name: "-1,1", inputRange: [-1, 1] },
    { name: "0,255", inputRange: [0, 255] },
    normalised
  ];
}
var PER_KIND = 64;
var PROBE_SEED = 334862;
function inferencePasses(channels) {
  return candidateConventions(channels).length * 4 * PER_KIND;
}
function conventionImages(channels, height, width) {
  const next = random(PROBE_SEED);
  const colour = (bright) => channels === 3 ? [0, 1, 2].map(() => Math.round(bright ? 96 + next() * 159 : next() * 255)) : new Array(channels).fill(Math.round(bright ? 160 + next() * 95 : next() * 255));
  const scale = Math.max(1, Math.round(Math.min(height, width) / 28));
  const images = [];
  for (let i = 0; i < PER_KIND; i++) {
    const canvas = new Canvas(channels, height, width);
    const strokes2 = 2 + Math.floor(next() * 3);
    for (let n = 0; n < strokes2; n++) scribble(canvas, colour(true), next, scale);
    images.push(canvas);
  }
  for (let i = 0; i < PER_KIND; i++) {
    const canvas = new Canvas(channels, height, width);
    const shapes2 = 1 + Math.floor(next() * 2);
    for (let n = 0; n < shapes2; n++) ellipse(canvas, colour(true), next);
    images.push(canvas);
  }
  for (let i = 0; i < PER_KIND; i++) {
    const canvas = new Canvas(channels, height, width);
    smoothField(canvas, next);
    ellipse(canvas, colour(false), next);
    images.push(canvas);
  }
  for (let i = 0; i < PER_KIND; i++) {
    const canvas = new Canvas(channels, height, width);
    canvas.pixels.fill(Math.round(150 + next() * 105));
    const strokes2 = 2 + Math.floor(next() * 3);
    for (let n = 0; n < strokes2; n++) scribble(canvas, new Array(channels).fill(Math.round(next() * 80)), next, scale);
    images.push(canvas);
  }
  return images;
}
function ellipse(canvas, colour, next) {
  const { channels: C, height: H, width: W } = canvas;
  const cy = H * (0.25 + next() * 0.5);
  const cx = W * (0.25 + next() * 0.5);
  const ry = H * (0.12 + next() * 0.3);
  const rx = W * (0.12 + next() * 0.3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if (((y - cy) / ry) ** 2 + ((x - cx) / rx) ** 2 > 1) continue;
      for (let c = 0; c < C; c++) canvas.pixels[(c * H + y) * W + x] = colour[c];
    }
  }
}
function smoothField(canvas, next) {
  const { channels: C, height: H, width: W } = canvas;
  for (let c = 0; c < C; c++) {
    const waves = Array.from({ length: 3 }, () => ({ fy: next() * 2, fx: next() * 2, phase: next() * 2 * Math.PI, amp: 20 + next() * 40 }));
    const level = 60 + next() * 135;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        let v = level;
        for (const w of waves) v += w.amp * Math.sin(2 * Math.PI * (w.fy * y / H + w.fx * x / W) + w.phase);
        canvas.pixels[(c * H + y) * W + x] = Math.min(255, Math.max(0, v));
      }
    }
  }
}
async function behaviourUnder(model, base, convention, images, signal) {
  const o = { ...base, inputRange: convention.inputRange, mean: convention.mean, std: convention.std };
  const { classes, probabilities } = await checkOutput(model, o);
  const rows = await new ImageRunner(model, o, probabilities, classes, signal).score(images);
  const counts = new Float64Array(classes);
  let confidence = 0;
  let saturated = 0;
  const mean = new Float64Array(classes);
  for (const row of rows) {
    for (let k = 0; k < classes; k++) mean[k] += Math.exp(row[k]) / rows.length;
    const best = topClass(row);
    counts[best]++;
    const p = Math.exp(row[best]);
    confidence += p;
    if (p >= 0.9999) saturated++;
  }
  let entropy = 0;
  for (const n of counts) if (n > 0) entropy -= n / rows.length * Math.log(n / rows.length);
  let soft = 0;
  for (const p of mean) if (p > 0) soft -= p * Math.log(p);
  return {
    convention: convention.name,
    softSpread: Math.exp(soft),
    spread: Math.exp(entropy),
    topShare: Math.max(...counts) / rows.length,
    confidence: confidence / rows.length,
    saturated: saturated / rows.length
  };
}
function conventionsFromGraph(affine, all) {
  if (!affine) return void 0;
  const span = (lo, hi) => Math.max(...affine.scale.map((s) => Math.abs(s * (hi - lo))));
  const fits = all.filter((c) => !c.mean && (c.name === "0,1" || c.name === "0,255")).filter((c) => {
    const s = span(c.inputRange[0], c.inputRange[1]);
    return s >= 0.5 && s <= 20;
  });
  return fits.length > 0 ? fits : void 0;
}
var SURE_RATIO = 1.35;
var COMMON_RATIO = 2.5;
var COMMON = "0,1";
var SATURATED = 0.9;
var COLLAPSED = 2;
var score = (b) => Math.log(b.spread) + Math.log(Math.max(1e-6, 1 - b.confidence));
async function inferConvention(model, base, affine, signal) {
  const all = candidateConventions(model.input.channels);
  const images = conventionImages(model.input.channels, model.input.height, model.input.width);
  const behaviour = [];
  for (const c of all) behaviour.push(await behaviourUnder(model, base, c, images, signal));
  return decide(all, behaviour, affine);
}
function decide(all, behaviour, affine) {
  const byBehaviour = decideByBehaviour(all, behaviour);
  const fromGraph = conventionsFromGraph(affine, all);
  if (!fromGraph) return byBehaviour;
  const chosen = [...fromGraph, ...byBehaviour.chosen.filter((c) => !fromGraph.some((g) => g.name === c.name))];
  return { chosen, basis: chosen.length === 1 ? "graph" : "unsure", ratio: byBehaviour.ratio, behaviour };
}
function decideByBehaviour(all, behaviour) {
  const sane = (b) => b.saturated < SATURATED && b.spread >= COLLAPSED;
  const pool = behaviour.some(sane) ? [...behaviour.keys()].filter((i) => sane(behaviour[i])) : [...behaviour.keys()];
  const order = pool.sort((a, b) => score(behaviour[b]) - score(behaviour[a]) || a - b);
  const best = score(behaviour[order[0]]);
  const within = (i, ratio2) => score(behaviour[i]) > best - Math.log(ratio2);
  const widest = pool.reduce((a, i) => behaviour[i].spread > behaviour[a].spread ? i : a, order[0]);
  const chosen = order.filter((i) => within(i, SURE_RATIO) || i === widest || all[i].name === COMMON && within(i, COMMON_RATIO)).map((i) => all[i]);
  const ratio = order.length > 1 ? Math.exp(best - score(behaviour[order[1]])) : Infinity;
  return { chosen, basis: chosen.length === 1 ? "clear" : "unsure", ratio, behaviour };
}
function conventionName(channels, inputRange, mean, std) {
  const known = candidateConventions(channels).find(
    (c) => c.inputRange[0] === inputRange[0] && c.inputRange[1] === inputRange[1] && same(c.mean, mean) && same(c.std, std)
  );
  if (known) return known.name;
  return [`${inputRange.join(",")}`, mean ? `mean ${mean.join(",")}` : "", std ? `std ${std.join(",")}` : ""].filter(Boolean).join(" ");
}
var same = (a, b) => a === void 0 || b === void 0 ? a === b : a.length === b.length && a.every((v, i) => v === b[i]);
function conventionFolder(c) {
  return `range-${c.name.replace(/-/g, "m").replace(/[^0-9a-zA-Z.]+/g, "-")}`;
}
function withConvention(options, c) {
  const { mean: _mean, std: _std, ...rest } = options;
  return { ...rest, inputRange: c.inputRange, ...c.mean ? { mean: c.mean } : {}, ...c.std ? { std: c.std } : {} };
}
function implausible(c) {
  const [lo, hi] = c.inputRange;
  if (!(hi > lo)) return `range ${lo},${hi} does not increase`;
  const spans = (c.std ?? [1]).map((s) => (hi - lo) / Math.abs(s));
  if (spans.some((s) => !(s >= MIN_SPAN && s <= MAX_SPAN))) return `range ${lo},${hi}${c.std ? ` with std ${c.std.join(",")}` : ""} spans ${spans.map((s) => s.toPrecision(3)).join(",")} model units (plausible: ${MIN_SPAN} to ${MAX_SPAN})`;
  return void 0;
}
var MIN_SPAN = 0.1;
var MAX_SPAN = 1e3;
async function planConventions(model, options, settings, affine, signal) {
  const { trusted, claims } = settings;
  if (trusted.inputRange || trusted.mean || trusted.std) {
    const given = { name: conventionName(model.input.channels, options.inputRange, options.mean, options.std), inputRange: options.inputRange, mean: options.mean, std: options.std };
    return { conventions: [{ convention: given, from: "given" }], basis: "given", refused: [] };
  }
  const inference = await inferConvention(model, options, affine, signal);
  const conventions = inference.chosen.map((convention) => ({ convention, from: "inferred" }));
  const refused = [];
  for (const { source, settings: claimed } of claims) {
    if (!claimed.inputRange && !claimed.mean && !claimed.std) continue;
    const range2 = claimed.inputRange ?? [0, 1];
    const c = { name: conventionName(model.input.channels, range2, claimed.mean, claimed.std), inputRange: range2, mean: claimed.mean, std: claimed.std };
    const why = implausible(c);
    if (why) refused.push(`${source} claims ${c.name}: ${why}`);
    else if (!conventions.some((p) => p.convention.name === c.name)) conventions.push({ convention: c, from: "claimed" });
  }
  return { conventions, basis: inference.basis, inference, refused };
}

// src/scan/scan-config.ts
import fs3 from "node:fs";

// node_modules/balanced-match/dist/esm/index.js
var range = (a, b, str) => {
  let begs, beg, left, right = void 0, result;
  let ai = str.indexOf(a);
  let bi = str.indexOf(b, ai + 1);
  let i = ai;
  if (ai >= 0 && bi > 0) {
    if (a === b) {
      return [ai, bi];
    }
    begs = [];
    left = str.length;
    while (i >= 0 && !result) {
      if (i === ai) {
        begs.push(i);
        ai = str.indexOf(a, i + 1);
      } else if (begs.length === 1) {
        const r = begs.pop();
        if (r !== void 0)
          result = [r, bi];
      } else {
        beg = begs.pop();
        if (beg !== void 0 && beg < left) {
          left = beg;
          right = bi;
        }
        bi = str.indexOf(b, i + 1);
      }
      i = ai < bi && ai >= 0 ? ai : bi;
    }
    if (begs.length && right !== void 0) {
      result = [left, right];
    }
  }
  return result;
};

// node_modules/brace-expansion/dist/esm/index.js
var escSlash = "\0SLASH" + Math.random().toFixed(16) + "\0";
var escOpen = "\0OPEN" + Math.random().toFixed(16) + "\0";
var escClose = "\0CLOSE" + Math.random().toFixed(16) + "\0";
var escComma = "\0COMMA" + Math.random().toFixed(16) + "\0";
var escPeriod = "\0PERIOD" + Math.random().toFixed(16) + "\0";
var escSlashPattern = new RegExp(escSlash, "g");
var escOpenPattern = new RegExp(escOpen, "g");
var escClosePattern = new RegExp(escClose, "g");
var escCommaPattern = new RegExp(escComma, "g");
var escPeriodPattern = new RegExp(escPeriod, "g");
var slashPattern = /\\\\/g;
var openPattern = /\\{/g;
var closePattern = /\\}/g;
var commaPattern = /\\,/g;
var periodPattern = /\\\./g;
var EXPANSION_MAX = 1e5;
var EXPANSION_MAX_LENGTH = 4e6;
var EXPANSION_MAX_DEPTH = 1e3;
var EXPANSION_MAX_REWRITES = 1e3;
var EXPANSION_MAX_STEPS = 2e7;
var CALL_STEPS = 16;
function numeric(str) {
  return !isNaN(str) ? parseInt(str, 10) : str.charCodeAt(0);
}
function escapeBraces(str) {
  return str.replace(slashPattern, escSlash).replace(openPattern, escOpen).replace(closePattern, escClose).replace(commaPattern, escComma).replace(periodPattern, escPeriod);
}
function unescapeBraces(str) {
  return str.replace(escSlashPattern, "\\").replace(escOpenPattern, "{").replace(escClosePattern, "}").replace(escCommaPattern, ",").replace(escPeriodPattern, ".");
}
function pushAll(target, items) {
  for (let i = 0; i < items.length; i++) {
    target.push(items[i]);
  }
}
function balancedWithBudget(str, masked, budget) {
  if (budget.remaining < 0) {
    return void 0;
  }
  const r = range("{", "}", masked);
  const unmatched = r !== void 0 && masked.indexOf("{") < r[0];
  budget.remaining -= r && !unmatched ? r[1] + 1 : str.length;
  if (!r || budget.remaining < 0) {
    return void 0;
  }
  return {
    end: r[1],
    pre: str.slice(0, r[0]),
    body: str.slice(r[0] + 1, r[1]),
    post: str.slice(r[1] + 1),
    unmatched
  };
}
function maskUnmatchedOpens(masked, budget) {
  budget.remaining -= masked.length;
  const open = [];
  for (let i = 0; i < masked.length; i++) {
    const c = masked.charCodeAt(i);
    if (c === 123) {
      open.push(i);
    } else if (c === 125 && open.length) {
      open.pop();
    }
  }
  let out = "";
  let last = 0;
  for (let i = 0; i < open.length; i++) {
    const at = open[i];
    out += masked.slice(last, at) + "\0";
    last = at + 1;
  }
  return out + masked.slice(last);
}
function commaSetFollows(str, budget) {
  budget.remaining -= str.length;
  if (budget.remaining < 0) {
    return false;
  }
  let close = false;
  for (let i = str.length - 1; i >= 0; i--) {
    const c = str.charCodeAt(i);
    if (c === 125) {
      close = true;
    } else if (c === 10 || c === 13 || c === 8232 || c === 8233) {
      close = false;
    } else if (c === 44 && close && str.charCodeAt(i + 1) !== 44) {
      return true;
    }
  }
  return false;
}
function parseCommaParts(str, budget) {
  const parts = [];
  let carry = "";
  for (; ; ) {
    const m = balancedWithBudget(str, str, budget);
    if (budget.remaining < 0) {
      return void 0;
    }
    if (!m) {
      const tail = str.split(",");
      tail[0] = carry + tail[0];
      pushAll(parts, tail);
      return parts;
    }
    const { pre, body, post } = m;
    const p = pre.split(",");
    p[0] = carry + p[0];
    p[p.length - 1] += "{" + body + "}";
    if (!post.length) {
      pushAll(parts, p);
      return parts;
    }
    carry = p.pop();
    pushAll(parts, p);
    str = post;
  }
}
function bound(value, fallback) {
  return value === void 0 || isNaN(value) ? fallback : value;
}
function expand(str, options = {}) {
  if (!str) {
    return [];
  }
  const max = bound(options.max, EXPANSION_MAX);
  const maxLength = bound(options.maxLength, EXPANSION_MAX_LENGTH);
  const maxDepth = bound(options.maxDepth, EXPANSION_MAX_DEPTH);
  const maxRewrites = bound(options.maxRewrites, EXPANSION_MAX_REWRITES);
  const maxSteps = bound(options.maxSteps, EXPANSION_MAX_STEPS);
  if (str.slice(0, 2) === "{}") {
    str = "\\{\\}" + str.slice(2);
  }
  return expand_(escapeBraces(str), max, maxLength, maxDepth, 0, maxRewrites, { remaining: maxSteps }, true).map(unescapeBraces);
}
function embrace(str) {
  return "{" + str + "}";
}
function isPadded(el) {
  return /^-?0\d/.test(el);
}
function lte(i, y) {
  return i <= y;
}
function gte(i, y) {
  return i >= y;
}
function combine(acc, pre, values2, max, maxLength, dropEmpties, budget) {
  const out = [];
  let length = 0;
  let nonEmpty;
  outer: for (let a = 0; a < acc.length; a++) {
    const prefix = acc[a] + pre;
    let vs = values2;
    if (dropEmpties && !prefix) {
      if (!nonEmpty)
        nonEmpty = values2.filter((v) => v);
      vs = nonEmpty;
    }
    for (let v = 0; v < vs.length; v++) {
      if (out.length >= max)
        break outer;
      const expansion = prefix + vs[v];
      if (length + expansion.length > maxLength)
        break outer;
      out.push(expansion);
      length += expansion.length;
    }
  }
  budget.remaining -= out.length;
  return out;
}
function expandSequence(body, isAlphaSequence, max, maxLength, budget) {
  const n = body.split(/\.\./);
  const N = [];
  if (n[0] === void 0 || n[1] === void 0) {
    return N;
  }
  const x = numeric(n[0]);
  const y = numeric(n[1]);
  const width = Math.max(n[0].length, n[1].length);
  let incr = n.length === 3 && n[2] !== void 0 ? Math.max(Math.abs(numeric(n[2])), 1) : 1;
  let test = lte;
  const reverse = y < x;
  if (reverse) {
    incr *= -1;
    test = gte;
  }
  const pad = n.some(isPadded);
  const cost = pad ? width : 1;
  let length = 0;
  for (let i = x; test(i, y) && N.length < max; i += incr) {
    budget.remaining -= cost;
    if (budget.remaining < 0) {
      return void 0;
    }
    let c;
    if (isAlphaSequence) {
      c = String.fromCharCode(i);
      if (c === "\\") {
        c = "";
      }
    } else {
      c = String(i);
      if (pad) {
        const need = width - c.length;
        if (need > 0) {
          const z = new Array(need + 1).join("0");
          if (i < 0) {
            c = "-" + z + c.slice(1);
          } else {
            c = z + c;
          }
        }
      }
    }
    if (length + c.length > maxLength)
      break;
    N.push(c);
    length += c.length;
  }
  return N;
}
function expand_(str, max, maxLength, maxDepth, depth, maxRewrites, budget, isTop) {
  budget.remaining -= CALL_STEPS;
  if (depth > maxDepth) {
    return [str];
  }
  let acc = [""];
  let rewrites = 0;
  let dropEmpties = false;
  let firstGroup = true;
  let masked = str;
  for (; ; ) {
    const m = balancedWithBudget(str, masked, budget);
    if (!m) {
      return combine(acc, str, [""], max, maxLength, dropEmpties, budget);
    }
    if (m.unmatched) {
      masked = maskUnmatchedOpens(masked, budget);
    }
    const pre = m.pre;
    const literal = () => combine(acc, pre + "{" + m.body + "}" + m.post, [""], max, maxLength, dropEmpties, budget);
    if (/\$$/.test(pre)) {
      acc = combine(acc, pre + "{" + m.body + "}", [""], max, maxLength, dropEmpties && !m.post.length, budget);
      firstGroup = false;
      if (!m.post.length)
        break;
      str = m.post;
      masked = masked.slice(m.end + 1);
      continue;
    }
    const isNumericSequence = /^-?\d+\.\.-?\d+(?:\.\.-?\d+)?$/.test(m.body);
    const isAlphaSequence = /^[a-zA-Z]\.\.[a-zA-Z](?:\.\.-?\d+)?$/.test(m.body);
    const isSequence = isNumericSequence || isAlphaSequence;
    const isOptions = m.body.indexOf(",") >= 0;
    if (!isSequence && !isOptions) {
      if (rewrites < maxRewrites && commaSetFollows(m.post, budget)) {
        rewrites++;
        str = m.pre + "{" + m.body + escClose + m.post;
        masked = masked.slice(0, m.end) + escClose + masked.slice(m.end + 1);
        isTop = true;
        continue;
      }
      return literal();
    }
    if (firstGroup) {
      dropEmpties = isTop && !isSequence;
      firstGroup = false;
    }
    let values2;
    if (isSequence) {
      values2 = expandSequence(m.body, isAlphaSequence, max, maxLength, budget);
      if (!values2) {
        return literal();
      }
    } else {
      let n = parseCommaParts(m.body, budget);
      if (!n) {
        return literal();
      }
      if (n.length === 1 && n[0] !== void 0) {
        n = expand_(n[0], max, maxLength, maxDepth, depth + 1, maxRewrites, budget, false).map(embrace);
        if (budget.remaining < 0) {
          return literal();
        }
        if (n.length === 1) {
          const next2 = combine(acc, pre + n[0], [""], max, maxLength, dropEmpties && !m.post.length, budget);
          if (budget.remaining < 0) {
            return literal();
          }
          acc = next2;
          if (!m.post.length)
            break;
          str = m.post;
          masked = masked.slice(m.end + 1);
          continue;
        }
      }
      let dropsEmpties = dropEmpties && !m.post.length && !pre;
      for (let d = 0; dropsEmpties && d < acc.length; d++) {
        if (acc[d]) {
          dropsEmpties = false;
        }
      }
      values2 = [];
      let valuesLength = 0;
      outer: for (let j = 0; j < n.length; j++) {
        const expanded = expand_(n[j], max, maxLength, maxDepth, depth + 1, maxRewrites, budget, false);
        if (budget.remaining < 0) {
          return literal();
        }
        for (let k = 0; k < expanded.length; k++) {
          const v = expanded[k];
          if (dropsEmpties && !v)
            continue;
          if (values2.length >= max || valuesLength + v.length > maxLength) {
            break outer;
          }
          values2.push(v);
          valuesLength += v.length;
        }
      }
    }
    const next = combine(acc, pre, values2, max, maxLength, dropEmpties && !m.post.length, budget);
    if (budget.remaining < 0) {
      return literal();
    }
    acc = next;
    if (!m.post.length)
      break;
    str = m.post;
    masked = masked.slice(m.end + 1);
  }
  return acc;
}

// node_modules/minimatch/dist/esm/assert-valid-pattern.js
var MAX_PATTERN_LENGTH = 1024 * 64;
var assertValidPattern = (pattern) => {
  if (typeof pattern !== "string") {
    throw new TypeError("invalid pattern");
  }
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new TypeError("pattern is too long");
  }
};

// node_modules/minimatch/dist/esm/brace-expressions.js
var posixClasses = {
  "[:alnum:]": ["\\p{L}\\p{Nl}\\p{Nd}", true],
  "[:alpha:]": ["\\p{L}\\p{Nl}", true],
  "[:ascii:]": ["\\x00-\\x7f", false],
  "[:blank:]": ["\\p{Zs}\\t", true],
  "[:cntrl:]": ["\\p{Cc}", true],
  "[:digit:]": ["\\p{Nd}", true],
  "[:graph:]": ["\\p{Z}\\p{C}", true, true],
  "[:lower:]": ["\\p{Ll}", true],
  "[:print:]": ["\\p{C}", true],
  "[:punct:]": ["\\p{P}", true],
  "[:space:]": ["\\p{Z}\\t\\r\\n\\v\\f", true],
  "[:upper:]": ["\\p{Lu}", true],
  "[:word:]": ["\\p{L}\\p{Nl}\\p{Nd}\\p{Pc}", true],
  "[:xdigit:]": ["A-Fa-f0-9", false]
};
var braceEscape = (s) => s.replace(/[[\]\\-]/g, "\\$&");
var regexpEscape = (s) => s.replace(/[-[\]{}()*+?.,\\^$|#\s]/g, "\\$&");
var rangesToString = (ranges) => ranges.join("");
var parseClass = (glob, position) => {
  const pos = position;
  if (glob.charAt(pos) !== "[") {
    throw new Error("not in a brace expression");
  }
  const ranges = [];
  const negs = [];
  let i = pos + 1;
  let sawStart = false;
  let uflag = false;
  let escaping = false;
  let negate = false;
  let endPos = pos;
  let rangeStart = "";
  WHILE: while (i < glob.length) {
    const c = glob.charAt(i);
    if ((c === "!" || c === "^") && i === pos + 1) {
      negate = true;
      i++;
      continue;
    }
    if (c === "]" && sawStart && !escaping) {
      endPos = i + 1;
      break;
    }
    sawStart = true;
    if (c === "\\") {
      if (!escaping) {
        escaping = true;
        i++;
        continue;
      }
    }
    if (c === "[" && !escaping) {
      for (const [cls, [unip, u, neg]] of Object.entries(posixClasses)) {
        if (glob.startsWith(cls, i)) {
          if (rangeStart) {
            return ["$.", false, glob.length - pos, true];
          }
          i += cls.length;
          if (neg)
            negs.push(unip);
          else
            ranges.push(unip);
          uflag = uflag || u;
          continue WHILE;
        }
      }
    }
    escaping = false;
    if (rangeStart) {
      if (c > rangeStart) {
        ranges.push(braceEscape(rangeStart) + "-" + braceEscape(c));
      } else if (c === rangeStart) {
        ranges.push(braceEscape(c));
      }
      rangeStart = "";
      i++;
      continue;
    }
    if (glob.startsWith("-]", i + 1)) {
      ranges.push(braceEscape(c + "-"));
      i += 2;
      continue;
    }
    if (glob.startsWith("-", i + 1)) {
      rangeStart = c;
      i += 2;
      continue;
    }
    ranges.push(braceEscape(c));
    i++;
  }
  if (endPos < i) {
    return ["", false, 0, false];
  }
  if (!ranges.length && !negs.length) {
    return ["$.", false, glob.length - pos, true];
  }
  if (negs.length === 0 && ranges.length === 1 && /^\\?.$/.test(ranges[0]) && !negate) {
    const r = ranges[0].length === 2 ? ranges[0].slice(-1) : ranges[0];
    return [regexpEscape(r), false, endPos - pos, false];
  }
  const sranges = "[" + (negate ? "^" : "") + rangesToString(ranges) + "]";
  const snegs = "[" + (negate ? "" : "^") + rangesToString(negs) + "]";
  const comb = ranges.length && negs.length ? "(" + sranges + "|" + snegs + ")" : ranges.length ? sranges : snegs;
  return [comb, uflag, endPos - pos, true];
};

// node_modules/minimatch/dist/esm/unescape.js
var unescape = (s, { windowsPathsNoEscape = false, magicalBraces = true } = {}) => {
  if (magicalBraces) {
    return windowsPathsNoEscape ? s.replace(/\[([^/\\])\]/g, "$1") : s.replace(/((?!\\).|^)\[([^/\\])\]/g, "$1$2").replace(/\\([^/])/g, "$1");
  }
  return windowsPathsNoEscape ? s.replace(/\[([^/\\{}])\]/g, "$1") : s.replace(/((?!\\).|^)\[([^/\\{}])\]/g, "$1$2").replace(/\\([^/{}])/g, "$1");
};

// node_modules/minimatch/dist/esm/ast.js
var _a;
var types = /* @__PURE__ */ new Set(["!", "?", "+", "*", "@"]);
var isExtglobType = (c) => types.has(c);
var isExtglobAST = (c) => isExtglobType(c.type);
var adoptionMap = /* @__PURE__ */ new Map([
  ["!", ["@"]],
  ["?", ["?", "@"]],
  ["@", ["@"]],
  ["*", ["*", "+", "?", "@"]],
  ["+", ["+", "@"]]
]);
var adoptionWithSpaceMap = /* @__PURE__ */ new Map([
  ["!", ["?"]],
  ["@", ["?"]],
  ["+", ["?", "*"]]
]);
var adoptionAnyMap = /* @__PURE__ */ new Map([
  ["!", ["?", "@"]],
  ["?", ["?", "@"]],
  ["@", ["?", "@"]],
  ["*", ["*", "+", "?", "@"]],
  ["+", ["+", "@", "?", "*"]]
]);
var usurpMap = /* @__PURE__ */ new Map([
  ["!", /* @__PURE__ */ new Map([["!", "@"]])],
  [
    "?",
    /* @__PURE__ */ new Map([
      ["*", "*"],
      ["+", "*"]
    ])
  ],
  [
    "@",
    /* @__PURE__ */ new Map([
      ["!", "!"],
      ["?", "?"],
      ["@", "@"],
      ["*", "*"],
      ["+", "+"]
    ])
  ],
  [
    "+",
    /* @__PURE__ */ new Map([
      ["?", "*"],
      ["*", "*"]
    ])
  ]
]);
var startNoTraversal = "(?!(?:^|/)\\.\\.?(?:$|/))";
var startNoDot = "(?!\\.)";
var addPatternStart = /* @__PURE__ */ new Set(["[", "."]);
var justDots = /* @__PURE__ */ new Set(["..", "."]);
var reSpecials = new Set("().*{}+?[]^$\\!");
var regExpEscape = (s) => s.replace(/[-[\]{}()*+?.,\\^$|#\s]/g, "\\$&");
var qmark = "[^/]";
var star = qmark + "*?";
var starNoEmpty = qmark + "+?";
var ID = 0;
var AST = class {
  type;
  #root;
  #hasMagic;
  #uflag = false;
  #parts = [];
  #parent;
  #parentIndex;
  #negs;
  #filledNegs = false;
  #options;
  #toString;
  // set to true if it's an extglob with no children
  // (which really means one child of '')
  #emptyExt = false;
  id = ++ID;
  get depth() {
    return (this.#parent?.depth ?? -1) + 1;
  }
  [/* @__PURE__ */ Symbol.for("nodejs.util.inspect.custom")]() {
    return {
      "@@type": "AST",
      id: this.id,
      type: this.type,
      root: this.#root.id,
      parent: this.#parent?.id,
      depth: this.depth,
      partsLength: this.#parts.length,
      parts: this.#parts
    };
  }
  constructor(type, parent, options = {}) {
    this.type = type;
    if (type)
      this.#hasMagic = true;
    this.#parent = parent;
    this.#root = this.#parent ? this.#parent.#root : this;
    this.#options = this.#root === this ? options : this.#root.#options;
    this.#negs = this.#root === this ? [] : this.#root.#negs;
    if (type === "!" && !this.#root.#filledNegs)
      this.#negs.push(this);
    this.#parentIndex = this.#parent ? this.#parent.#parts.length : 0;
  }
  get hasMagic() {
    if (this.#hasMagic !== void 0)
      return this.#hasMagic;
    for (const p of this.#parts) {
      if (typeof p === "string")
        continue;
      if (p.type || p.hasMagic)
        return this.#hasMagic = true;
    }
    return this.#hasMagic;
  }
  // reconstructs the pattern
  toString() {
    return this.#toString !== void 0 ? this.#toString : !this.type ? this.#toString = this.#parts.map((p) => String(p)).join("") : this.#toString = this.type + "(" + this.#parts.map((p) => String(p)).join("|") + ")";
  }
  #fillNegs() {
    if (this !== this.#root)
      throw new Error("should only call on root");
    if (this.#filledNegs)
      return this;
    this.toString();
    this.#filledNegs = true;
    let n;
    while (n = this.#negs.pop()) {
      if (n.type !== "!")
        continue;
      let p = n;
      let pp = p.#parent;
      while (pp) {
        for (let i = p.#parentIndex + 1; !pp.type && i < pp.#parts.length; i++) {
          for (const part of n.#parts) {
            if (typeof part === "string") {
              throw new Error("string part in extglob AST??");
            }
            part.copyIn(pp.#parts[i]);
          }
        }
        p = pp;
        pp = p.#parent;
      }
    }
    return this;
  }
  push(...parts) {
    for (const p of parts) {
      if (p === "")
        continue;
      if (typeof p !== "string" && !(p instanceof _a && p.#parent === this)) {
        throw new Error("invalid part: " + p);
      }
      this.#parts.push(p);
    }
  }
  toJSON() {
    const ret = this.type === null ? this.#parts.slice().map((p) => typeof p === "string" ? p : p.toJSON()) : [this.type, ...this.#parts.map((p) => p.toJSON())];
    if (this.isStart() && !this.type)
      ret.unshift([]);
    if (this.isEnd() && (this === this.#root || this.#root.#filledNegs && this.#parent?.type === "!")) {
      ret.push({});
    }
    return ret;
  }
  isStart() {
    if (this.#root === this)
      return true;
    if (!this.#parent?.isStart())
      return false;
    if (this.#parentIndex === 0)
      return true;
    const p = this.#parent;
    for (let i = 0; i < this.#parentIndex; i++) {
      const pp = p.#parts[i];
      if (!(pp instanceof _a && pp.type === "!")) {
        return false;
      }
    }
    return true;
  }
  isEnd() {
    if (this.#root === this)
      return true;
    if (this.#parent?.type === "!")
      return true;
    if (!this.#parent?.isEnd())
      return false;
    if (!this.type)
      return this.#parent?.isEnd();
    const pl = this.#parent ? this.#parent.#parts.length : 0;
    return this.#parentIndex === pl - 1;
  }
  copyIn(part) {
    if (typeof part === "string")
      this.push(part);
    else
      this.push(part.clone(this));
  }
  clone(parent) {
    const c = new _a(this.type, parent);
    for (const p of this.#parts) {
      c.copyIn(p);
    }
    return c;
  }
  static #parseAST(str, ast, pos, opt, extDepth) {
    const maxDepth = opt.maxExtglobRecursion ?? 2;
    let escaping = false;
    let inBrace = false;
    let braceStart = -1;
    let braceNeg = false;
    if (ast.type === null) {
      let i2 = pos;
      let acc2 = "";
      while (i2 < str.length) {
        const c = str.charAt(i2++);
        if (escaping || c === "\\") {
          escaping = !escaping;
          acc2 += c;
          continue;
        }
        if (inBrace) {
          if (i2 === braceStart + 1) {
            if (c === "^" || c === "!") {
              braceNeg = true;
            }
          } else if (c === "]" && !(i2 === braceStart + 2 && braceNeg)) {
            inBrace = false;
          }
          acc2 += c;
          continue;
        } else if (c === "[") {
          inBrace = true;
          braceStart = i2;
          braceNeg = false;
          acc2 += c;
          continue;
        }
        const doRecurse = !opt.noext && isExtglobType(c) && str.charAt(i2) === "(" && extDepth <= maxDepth;
        if (doRecurse) {
          ast.push(acc2);
          acc2 = "";
          const ext2 = new _a(c, ast);
          i2 = _a.#parseAST(str, ext2, i2, opt, extDepth + 1);
          ast.push(ext2);
          continue;
        }
        acc2 += c;
      }
      ast.push(acc2);
      return i2;
    }
    let i = pos + 1;
    let part = new _a(null, ast);
    const parts = [];
    let acc = "";
    while (i < str.length) {
      const c = str.charAt(i++);
      if (escaping || c === "\\") {
        escaping = !escaping;
        acc += c;
        continue;
      }
      if (inBrace) {
        if (i === braceStart + 1) {
          if (c === "^" || c === "!") {
            braceNeg = true;
          }
        } else if (c === "]" && !(i === braceStart + 2 && braceNeg)) {
          inBrace = false;
        }
        acc += c;
        continue;
      } else if (c === "[") {
        inBrace = true;
        braceStart = i;
        braceNeg = false;
        acc += c;
        continue;
      }
      const doRecurse = !opt.noext && isExtglobType(c) && str.charAt(i) === "(" && /* c8 ignore start - the maxDepth is sufficient here */
      (extDepth <= maxDepth || ast && ast.#canAdoptType(c));
      if (doRecurse) {
        const depthAdd = ast && ast.#canAdoptType(c) ? 0 : 1;
        part.push(acc);
        acc = "";
        const ext2 = new _a(c, part);
        part.push(ext2);
        i = _a.#parseAST(str, ext2, i, opt, extDepth + depthAdd);
        continue;
      }
      if (c === "|") {
        part.push(acc);
        acc = "";
        parts.push(part);
        part = new _a(null, ast);
        continue;
      }
      if (c === ")") {
        if (acc === "" && ast.#parts.length === 0) {
          ast.#emptyExt = true;
        }
        part.push(acc);
        acc = "";
        ast.push(...parts, part);
        return i;
      }
      acc += c;
    }
    ast.type = null;
    ast.#hasMagic = void 0;
    ast.#parts = [str.substring(pos - 1)];
    return i;
  }
  #canAdoptWithSpace(child) {
    return this.#canAdopt(child, adoptionWithSpaceMap);
  }
  #canAdopt(child, map = adoptionMap) {
    if (!child || typeof child !== "object" || child.type !== null || child.#parts.length !== 1 || this.type === null) {
      return false;
    }
    const gc = child.#parts[0];
    if (!gc || typeof gc !== "object" || gc.type === null) {
      return false;
    }
    return this.#canAdoptType(gc.type, map);
  }
  #canAdoptType(c, map = adoptionAnyMap) {
    return !!map.get(this.type)?.includes(c);
  }
  #adoptWithSpace(child, index) {
    const gc = child.#parts[0];
    const blank = new _a(null, gc, this.options);
    blank.#parts.push("");
    gc.push(blank);
    this.#adopt(child, index);
  }
  #adopt(child, index) {
    const gc = child.#parts[0];
    this.#parts.splice(index, 1, ...gc.#parts);
    for (const p of gc.#parts) {
      if (typeof p === "object")
        p.#parent = this;
    }
    this.#toString = void 0;
  }
  #canUsurpType(c) {
    const m = usurpMap.get(this.type);
    return !!m?.has(c);
  }
  #canUsurp(child) {
    if (!child || typeof child !== "object" || child.type !== null || child.#parts.length !== 1 || this.type === null || this.#parts.length !== 1) {
      return false;
    }
    const gc = child.#parts[0];
    if (!gc || typeof gc !== "object" || gc.type === null) {
      return false;
    }
    return this.#canUsurpType(gc.type);
  }
  #usurp(child) {
    const m = usurpMap.get(this.type);
    const gc = child.#parts[0];
    const nt = m?.get(gc.type);
    if (!nt)
      return false;
    this.#parts = gc.#parts;
    for (const p of this.#parts) {
      if (typeof p === "object") {
        p.#parent = this;
      }
    }
    this.type = nt;
    this.#toString = void 0;
    this.#emptyExt = false;
  }
  static fromGlob(pattern, options = {}) {
    const ast = new _a(null, void 0, options);
    _a.#parseAST(pattern, ast, 0, options, 0);
    return ast;
  }
  // returns the regular expression if there's magic, or the unescaped
  // string if not.
  toMMPattern() {
    if (this !== this.#root)
      return this.#root.toMMPattern();
    const glob = this.toString();
    const [re, body, hasMagic, uflag] = this.toRegExpSource();
    const anyMagic = hasMagic || this.#hasMagic || this.#options.nocase && !this.#options.nocaseMagicOnly && glob.toUpperCase() !== glob.toLowerCase();
    if (!anyMagic) {
      return body;
    }
    const flags = (this.#options.nocase ? "i" : "") + (uflag ? "u" : "");
    return Object.assign(new RegExp(`^${re}$`, flags), {
      _src: re,
      _glob: glob
    });
  }
  get options() {
    return this.#options;
  }
  // returns the string match, the regexp source, whether there's magic
  // in the regexp (so a regular expression is required) and whether or
  // not the uflag is needed for the regular expression (for posix classes)
  // TODO: instead of injecting the start/end at this point, just return
  // the BODY of the regexp, along with the start/end portions suitable
  // for binding the start/end in either a joined full-path makeRe context
  // (where we bind to (^|/), or a standalone matchPart context (where
  // we bind to ^, and not /).  Otherwise slashes get duped!
  //
  // In part-matching mode, the start is:
  // - if not isStart: nothing
  // - if traversal possible, but not allowed: ^(?!\.\.?$)
  // - if dots allowed or not possible: ^
  // - if dots possible and not allowed: ^(?!\.)
  // end is:
  // - if not isEnd(): nothing
  // - else: $
  //
  // In full-path matching mode, we put the slash at the START of the
  // pattern, so start is:
  // - if first pattern: same as part-matching mode
  // - if not isStart(): nothing
  // - if traversal possible, but not allowed: /(?!\.\.?(?:$|/))
  // - if dots allowed or not possible: /
  // - if dots possible and not allowed: /(?!\.)
  // end is:
  // - if last pattern, same as part-matching mode
  // - else nothing
  //
  // Always put the (?:$|/) on negated tails, though, because that has to be
  // there to bind the end of the negated pattern portion, and it's easier to
  // just stick it in now rather than try to inject it later in the middle of
  // the pattern.
  //
  // We can just always return the same end, and leave it up to the caller
  // to know whether it's going to be used joined or in parts.
  // And, if the start is adjusted slightly, can do the same there:
  // - if not isStart: nothing
  // - if traversal possible, but not allowed: (?:/|^)(?!\.\.?$)
  // - if dots allowed or not possible: (?:/|^)
  // - if dots possible and not allowed: (?:/|^)(?!\.)
  //
  // But it's better to have a simpler binding without a conditional, for
  // performance, so probably better to return both start options.
  //
  // Then the caller just ignores the end if it's not the first pattern,
  // and the start always gets applied.
  //
  // But that's always going to be $ if it's the ending pattern, or nothing,
  // so the caller can just attach $ at the end of the pattern when building.
  //
  // So the todo is:
  // - better detect what kind of start is needed
  // - return both flavors of starting pattern
  // - attach $ at the end of the pattern when creating the actual RegExp
  //
  // Ah, but wait, no, that all only applies to the root when the first pattern
  // is not an extglob. If the first pattern IS an extglob, then we need all
  // that dot prevention biz to live in the extglob portions, because eg
  // +(*|.x*) can match .xy but not .yx.
  //
  // So, return the two flavors if it's #root and the first child is not an
  // AST, otherwise leave it to the child AST to handle it, and there,
  // use the (?:^|/) style of start binding.
  //
  // Even simplified further:
  // - Since the start for a join is eg /(?!\.) and the start for a part
  // is ^(?!\.), we can just prepend (?!\.) to the pattern (either root
  // or start or whatever) and prepend ^ or / at the Regexp construction.
  toRegExpSource(allowDot) {
    const dot = allowDot ?? !!this.#options.dot;
    if (this.#root === this) {
      this.#flatten();
      this.#fillNegs();
    }
    if (!isExtglobAST(this)) {
      const noEmpty = this.isStart() && this.isEnd() && !this.#parts.some((s) => typeof s !== "string");
      const src = this.#parts.map((p) => {
        const [re, _, hasMagic, uflag] = typeof p === "string" ? _a.#parseGlob(p, this.#hasMagic, noEmpty) : p.toRegExpSource(allowDot);
        this.#hasMagic = this.#hasMagic || hasMagic;
        this.#uflag = this.#uflag || uflag;
        return re;
      }).join("");
      let start2 = "";
      if (this.isStart()) {
        if (typeof this.#parts[0] === "string") {
          const dotTravAllowed = this.#parts.length === 1 && justDots.has(this.#parts[0]);
          if (!dotTravAllowed) {
            const aps = addPatternStart;
            const needNoTrav = (
              // dots are allowed, and the pattern starts with [ or .
              dot && aps.has(src.charAt(0)) || // the pattern starts with \., and then [ or .
              src.startsWith("\\.") && aps.has(src.charAt(2)) || // the pattern starts with \.\., and then [ or .
              src.startsWith("\\.\\.") && aps.has(src.charAt(4))
            );
            const needNoDot = !dot && !allowDot && aps.has(src.charAt(0));
            start2 = needNoTrav ? startNoTraversal : needNoDot ? startNoDot : "";
          }
        }
      }
      let end = "";
      if (this.isEnd() && this.#root.#filledNegs && this.#parent?.type === "!") {
        end = "(?:$|\\/)";
      }
      const final2 = start2 + src + end;
      return [
        final2,
        unescape(src),
        this.#hasMagic = !!this.#hasMagic,
        this.#uflag
      ];
    }
    const repeated = this.type === "*" || this.type === "+";
    const start = this.type === "!" ? "(?:(?!(?:" : "(?:";
    let body = this.#partsToRegExp(dot);
    if (this.isStart() && this.isEnd() && !body && this.type !== "!") {
      const s = this.toString();
      const me = this;
      me.#parts = [s];
      me.type = null;
      me.#hasMagic = void 0;
      return [s, unescape(this.toString()), false, false];
    }
    let bodyDotAllowed = !repeated || allowDot || dot || !startNoDot ? "" : this.#partsToRegExp(true);
    if (bodyDotAllowed === body) {
      bodyDotAllowed = "";
    }
    if (bodyDotAllowed) {
      body = `(?:${body})(?:${bodyDotAllowed})*?`;
    }
    let final = "";
    if (this.type === "!" && this.#emptyExt) {
      final = (this.isStart() && !dot ? startNoDot : "") + starNoEmpty;
    } else {
      const close = this.type === "!" ? (
        // !() must match something,but !(x) can match ''
        "))" + (this.isStart() && !dot && !allowDot ? startNoDot : "") + star + ")"
      ) : this.type === "@" ? ")" : this.type === "?" ? ")?" : this.type === "+" && bodyDotAllowed ? ")" : this.type === "*" && bodyDotAllowed ? `)?` : `)${this.type}`;
      final = start + body + close;
    }
    return [
      final,
      unescape(body),
      this.#hasMagic = !!this.#hasMagic,
      this.#uflag
    ];
  }
  #flatten() {
    if (!isExtglobAST(this)) {
      for (const p of this.#parts) {
        if (typeof p === "object") {
          p.#flatten();
        }
      }
    } else {
      let iterations = 0;
      let done = false;
      do {
        done = true;
        for (let i = 0; i < this.#parts.length; i++) {
          const c = this.#parts[i];
          if (typeof c === "object") {
            c.#flatten();
            if (this.#canAdopt(c)) {
              done = false;
              this.#adopt(c, i);
            } else if (this.#canAdoptWithSpace(c)) {
              done = false;
              this.#adoptWithSpace(c, i);
            } else if (this.#canUsurp(c)) {
              done = false;
              this.#usurp(c);
            }
          }
        }
      } while (!done && ++iterations < 10);
    }
    this.#toString = void 0;
  }
  #partsToRegExp(dot) {
    return this.#parts.map((p) => {
      if (typeof p === "string") {
        throw new Error("string type in extglob ast??");
      }
      const [re, _, _hasMagic, uflag] = p.toRegExpSource(dot);
      this.#uflag = this.#uflag || uflag;
      return re;
    }).filter((p) => !(this.isStart() && this.isEnd()) || !!p).join("|");
  }
  static #parseGlob(glob, hasMagic, noEmpty = false) {
    let escaping = false;
    let re = "";
    let uflag = false;
    let inStar = false;
    for (let i = 0; i < glob.length; i++) {
      const c = glob.charAt(i);
      if (escaping) {
        escaping = false;
        re += (reSpecials.has(c) ? "\\" : "") + c;
        continue;
      }
      if (c === "*") {
        if (inStar)
          continue;
        inStar = true;
        re += noEmpty && /^[*]+$/.test(glob) ? starNoEmpty : star;
        hasMagic = true;
        continue;
      } else {
        inStar = false;
      }
      if (c === "\\") {
        if (i === glob.length - 1) {
          re += "\\\\";
        } else {
          escaping = true;
        }
        continue;
      }
      if (c === "[") {
        const [src, needUflag, consumed, magic] = parseClass(glob, i);
        if (consumed) {
          re += src;
          uflag = uflag || needUflag;
          i += consumed - 1;
          hasMagic = hasMagic || magic;
          continue;
        }
      }
      if (c === "?") {
        re += qmark;
        hasMagic = true;
        continue;
      }
      re += regExpEscape(c);
    }
    return [re, unescape(glob), !!hasMagic, uflag];
  }
};
_a = AST;

// node_modules/minimatch/dist/esm/escape.js
var escape = (s, { windowsPathsNoEscape = false, magicalBraces = false } = {}) => {
  if (magicalBraces) {
    return windowsPathsNoEscape ? s.replace(/[?*()[\]{}]/g, "[$&]") : s.replace(/[?*()[\]\\{}]/g, "\\$&");
  }
  return windowsPathsNoEscape ? s.replace(/[?*()[\]]/g, "[$&]") : s.replace(/[?*()[\]\\]/g, "\\$&");
};

// node_modules/minimatch/dist/esm/index.js
var minimatch = (p, pattern, options = {}) => {
  assertValidPattern(pattern);
  if (!options.nocomment && pattern.charAt(0) === "#") {
    return false;
  }
  return new Minimatch(pattern, options).match(p);
};
var starDotExtRE = /^\*+([^+@!?*[(]*)$/;
var starDotExtTest = (ext2) => (f) => !f.startsWith(".") && f.endsWith(ext2);
var starDotExtTestDot = (ext2) => (f) => f.endsWith(ext2);
var starDotExtTestNocase = (ext2) => {
  ext2 = ext2.toLowerCase();
  return (f) => !f.startsWith(".") && f.toLowerCase().endsWith(ext2);
};
var starDotExtTestNocaseDot = (ext2) => {
  ext2 = ext2.toLowerCase();
  return (f) => f.toLowerCase().endsWith(ext2);
};
var starDotStarRE = /^\*+\.\*+$/;
var starDotStarTest = (f) => !f.startsWith(".") && f.includes(".");
var starDotStarTestDot = (f) => f !== "." && f !== ".." && f.includes(".");
var dotStarRE = /^\.\*+$/;
var dotStarTest = (f) => f !== "." && f !== ".." && f.startsWith(".");
var starRE = /^\*+$/;
var starTest = (f) => f.length !== 0 && !f.startsWith(".");
var starTestDot = (f) => f.length !== 0 && f !== "." && f !== "..";
var qmarksRE = /^\?+([^+@!?*[(]*)?$/;
var qmarksTestNocase = ([$0, ext2 = ""]) => {
  const noext = qmarksTestNoExt([$0]);
  if (!ext2)
    return noext;
  ext2 = ext2.toLowerCase();
  return (f) => noext(f) && f.toLowerCase().endsWith(ext2);
};
var qmarksTestNocaseDot = ([$0, ext2 = ""]) => {
  const noext = qmarksTestNoExtDot([$0]);
  if (!ext2)
    return noext;
  ext2 = ext2.toLowerCase();
  return (f) => noext(f) && f.toLowerCase().endsWith(ext2);
};
var qmarksTestDot = ([$0, ext2 = ""]) => {
  const noext = qmarksTestNoExtDot([$0]);
  return !ext2 ? noext : (f) => noext(f) && f.endsWith(ext2);
};
var qmarksTest = ([$0, ext2 = ""]) => {
  const noext = qmarksTestNoExt([$0]);
  return !ext2 ? noext : (f) => noext(f) && f.endsWith(ext2);
};
var qmarksTestNoExt = ([$0]) => {
  const len = $0.length;
  return (f) => f.length === len && !f.startsWith(".");
};
var qmarksTestNoExtDot = ([$0]) => {
  const len = $0.length;
  return (f) => f.length === len && f !== "." && f !== "..";
};
var defaultPlatform = typeof process === "object" && process ? typeof process.env === "object" && process.env && process.env.__MINIMATCH_TESTING_PLATFORM__ || process.platform : "posix";
var path4 = {
  win32: { sep: "\\" },
  posix: { sep: "/" }
};
var sep = defaultPlatform === "win32" ? path4.win32.sep : path4.posix.sep;
minimatch.sep = sep;
var GLOBSTAR = /* @__PURE__ */ Symbol("globstar **");
minimatch.GLOBSTAR = GLOBSTAR;
var qmark2 = "[^/]";
var star2 = qmark2 + "*?";
var twoStarDot = "(?:(?!(?:\\/|^)(?:\\.{1,2})($|\\/)).)*?";
var twoStarNoDot = "(?:(?!(?:\\/|^)\\.).)*?";
var filter = (pattern, options = {}) => (p) => minimatch(p, pattern, options);
minimatch.filter = filter;
var ext = (a, b = {}) => Object.assign({}, a, b);
var defaults = (def) => {
  if (!def || typeof def !== "object" || !Object.keys(def).length) {
    return minimatch;
  }
  const orig = minimatch;
  const m = (p, pattern, options = {}) => orig(p, pattern, ext(def, options));
  return Object.assign(m, {
    Minimatch: class Minimatch extends orig.Minimatch {
      constructor(pattern, options = {}) {
        super(pattern, ext(def, options));
      }
      static defaults(options) {
        return orig.defaults(ext(def, options)).Minimatch;
      }
    },
    AST: class AST extends orig.AST {
      /* c8 ignore start */
      constructor(type, parent, options = {}) {
        super(type, parent, ext(def, options));
      }
      /* c8 ignore stop */
      static fromGlob(pattern, options = {}) {
        return orig.AST.fromGlob(pattern, ext(def, options));
      }
    },
    unescape: (s, options = {}) => orig.unescape(s, ext(def, options)),
    escape: (s, options = {}) => orig.escape(s, ext(def, options)),
    filter: (pattern, options = {}) => orig.filter(pattern, ext(def, options)),
    defaults: (options) => orig.defaults(ext(def, options)),
    makeRe: (pattern, options = {}) => orig.makeRe(pattern, ext(def, options)),
    braceExpand: (pattern, options = {}) => orig.braceExpand(pattern, ext(def, options)),
    match: (list, pattern, options = {}) => orig.match(list, pattern, ext(def, options)),
    sep: orig.sep,
    GLOBSTAR
  });
};
minimatch.defaults = defaults;
var braceExpand = (pattern, options = {}) => {
  assertValidPattern(pattern);
  if (options.nobrace || !/\{(?:(?!\{).)*\}/.test(pattern)) {
    return [pattern];
  }
  return expand(pattern, { max: options.braceExpandMax });
};
minimatch.braceExpand = braceExpand;
var makeRe = (pattern, options = {}) => new Minimatch(pattern, options).makeRe();
minimatch.makeRe = makeRe;
var match = (list, pattern, options = {}) => {
  const mm = new Minimatch(pattern, options);
  list = list.filter((f) => mm.match(f));
  if (mm.options.nonull && !list.length) {
    list.push(pattern);
  }
  return list;
};
minimatch.match = match;
var globMagic = /[?*]|[+@!]\(.*?\)|\[|\]/;
var regExpEscape2 = (s) => s.replace(/[-[\]{}()*+?.,\\^$|#\s]/g, "\\$&");
var Minimatch = class {
  options;
  set;
  pattern;
  windowsPathsNoEscape;
  nonegate;
  negate;
  comment;
  empty;
  preserveMultipleSlashes;
  partial;
  globSet;
  globParts;
  nocase;
  isWindows;
  platform;
  windowsNoMagicRoot;
  maxGlobstarRecursion;
  regexp;
  constructor(pattern, options = {}) {
    assertValidPattern(pattern);
    options = options || {};
    this.options = options;
    this.maxGlobstarRecursion = options.maxGlobstarRecursion ?? 200;
    this.pattern = pattern;
    this.platform = options.platform || defaultPlatform;
    this.isWindows = this.platform === "win32";
    const awe = "allowWindowsEscape";
    this.windowsPathsNoEscape = !!options.windowsPathsNoEscape || options[awe] === false;
    if (this.windowsPathsNoEscape) {
      this.pattern = this.pattern.replace(/\\/g, "/");
    }
    this.preserveMultipleSlashes = !!options.preserveMultipleSlashes;
    this.regexp = null;
    this.negate = false;
    this.nonegate = !!options.nonegate;
    this.comment = false;
    this.empty = false;
    this.partial = !!options.partial;
    this.nocase = !!this.options.nocase;
    this.windowsNoMagicRoot = options.windowsNoMagicRoot !== void 0 ? options.windowsNoMagicRoot : !!(this.isWindows && this.nocase);
    this.globSet = [];
    this.globParts = [];
    this.set = [];
    this.make();
  }
  hasMagic() {
    if (this.options.magicalBraces && this.set.length > 1) {
      return true;
    }
    for (const pattern of this.set) {
      for (const part of pattern) {
        if (typeof part !== "string")
          return true;
      }
    }
    return false;
  }
  debug(..._) {
  }
  make() {
    const pattern = this.pattern;
    const options = this.options;
    if (!options.nocomment && pattern.charAt(0) === "#") {
      this.comment = true;
      return;
    }
    if (!pattern) {
      this.empty = true;
      return;
    }
    this.parseNegate();
    this.globSet = [...new Set(this.braceExpand())];
    if (options.debug) {
      this.debug = (...args) => console.error(...args);
    }
    this.debug(this.pattern, this.globSet);
    const rawGlobParts = this.globSet.map((s) => this.slashSplit(s));
    this.globParts = this.preprocess(rawGlobParts);
    this.debug(this.pattern, this.globParts);
    let set = this.globParts.map((s, _, __) => {
      if (this.isWindows && this.windowsNoMagicRoot) {
        const isUNC = s[0] === "" && s[1] === "" && (s[2] === "?" || !globMagic.test(s[2])) && !globMagic.test(s[3]);
        const isDrive = /^[a-z]:/i.test(s[0]);
        if (isUNC) {
          return [
            ...s.slice(0, 4),
            ...s.slice(4).map((ss) => this.parse(ss))
          ];
        } else if (isDrive) {
          return [s[0], ...s.slice(1).map((ss) => this.parse(ss))];
        }
      }
      return s.map((ss) => this.parse(ss));
    });
    this.debug(this.pattern, set);
    this.set = set.filter((s) => s.indexOf(false) === -1);
    if (this.isWindows) {
      for (let i = 0; i < this.set.length; i++) {
        const p = this.set[i];
        if (p[0] === "" && p[1] === "" && this.globParts[i][2] === "?" && typeof p[3] === "string" && /^[a-z]:$/i.test(p[3])) {
          p[2] = "?";
        }
      }
    }
    this.debug(this.pattern, this.set);
  }
  // various transforms to equivalent pattern sets that are
  // faster to process in a filesystem walk.  The goal is to
  // eliminate what we can, and push all ** patterns as far
  // to the right as possible, even if it increases the number
  // of patterns that we have to process.
  preprocess(globParts) {
    if (this.options.noglobstar) {
      for (const partset of globParts) {
        for (let j = 0; j < partset.length; j++) {
          if (partset[j] === "**") {
            partset[j] = "*";
          }
        }
      }
    }
    const { optimizationLevel = 1 } = this.options;
    if (optimizationLevel >= 2) {
      globParts = this.firstPhasePreProcess(globParts);
      globParts = this.secondPhasePreProcess(globParts);
    } else if (optimizationLevel >= 1) {
      globParts = this.levelOneOptimize(globParts);
    } else {
      globParts = this.adjascentGlobstarOptimize(globParts);
    }
    return globParts;
  }
  // just get rid of adjascent ** portions
  adjascentGlobstarOptimize(globParts) {
    return globParts.map((parts) => {
      let gs = -1;
      while (-1 !== (gs = parts.indexOf("**", gs + 1))) {
        let i = gs;
        while (parts[i + 1] === "**") {
          i++;
        }
        if (i !== gs) {
          parts.splice(gs, i - gs);
        }
      }
      return parts;
    });
  }
  // get rid of adjascent ** and resolve .. portions
  levelOneOptimize(globParts) {
    return globParts.map((parts) => {
      parts = parts.reduce((set, part) => {
        const prev = set[set.length - 1];
        if (part === "**" && prev === "**") {
          return set;
        }
        if (part === "..") {
          if (prev && prev !== ".." && prev !== "." && prev !== "**") {
            set.pop();
            return set;
          }
        }
        set.push(part);
        return set;
      }, []);
      return parts.length === 0 ? [""] : parts;
    });
  }
  levelTwoFileOptimize(parts) {
    if (!Array.isArray(parts)) {
      parts = this.slashSplit(parts);
    }
    let didSomething = false;
    do {
      didSomething = false;
      if (!this.preserveMultipleSlashes) {
        for (let i = 1; i < parts.length - 1; i++) {
          const p = parts[i];
          if (i === 1 && p === "" && parts[0] === "")
            continue;
          if (p === "." || p === "") {
            didSomething = true;
            parts.splice(i, 1);
            i--;
          }
        }
        if (parts[0] === "." && parts.length === 2 && (parts[1] === "." || parts[1] === "")) {
          didSomething = true;
          parts.pop();
        }
      }
      let dd = 0;
      while (-1 !== (dd = parts.indexOf("..", dd + 1))) {
        const p = parts[dd - 1];
        if (p && p !== "." && p !== ".." && p !== "**" && !(this.isWindows && /^[a-z]:$/i.test(p))) {
          didSomething = true;
          parts.splice(dd - 1, 2);
          dd -= 2;
        }
      }
    } while (didSomething);
    return parts.length === 0 ? [""] : parts;
  }
  // First phase: single-pattern processing
  // <pre> is 1 or more portions
  // <rest> is 1 or more portions
  // <p> is any portion other than ., .., '', or **
  // <e> is . or ''
  //
  // **/.. is *brutal* for filesystem walking performance, because
  // it effectively resets the recursive walk each time it occurs,
  // and ** cannot be reduced out by a .. pattern part like a regexp
  // or most strings (other than .., ., and '') can be.
  //
  // <pre>/**/../<p>/<p>/<rest> -> {<pre>/../<p>/<p>/<rest>,<pre>/**/<p>/<p>/<rest>}
  // <pre>/<e>/<rest> -> <pre>/<rest>
  // <pre>/<p>/../<rest> -> <pre>/<rest>
  // **/**/<rest> -> **/<rest>
  //
  // **/*/<rest> -> */**/<rest> <== not valid because ** doesn't follow
  // this WOULD be allowed if ** did follow symlinks, or * didn't
  firstPhasePreProcess(globParts) {
    let didSomething = false;
    do {
      didSomething = false;
      for (let parts of globParts) {
        let gs = -1;
        while (-1 !== (gs = parts.indexOf("**", gs + 1))) {
          let gss = gs;
          while (parts[gss + 1] === "**") {
            gss++;
          }
          if (gss > gs) {
            parts.splice(gs + 1, gss - gs);
          }
          let next = parts[gs + 1];
          const p = parts[gs + 2];
          const p2 = parts[gs + 3];
          if (next !== "..")
            continue;
          if (!p || p === "." || p === ".." || !p2 || p2 === "." || p2 === "..") {
            continue;
          }
          didSomething = true;
          parts.splice(gs, 1);
          const other = parts.slice(0);
          other[gs] = "**";
          globParts.push(other);
          gs--;
        }
        if (!this.preserveMultipleSlashes) {
          for (let i = 1; i < parts.length - 1; i++) {
            const p = parts[i];
            if (i === 1 && p === "" && parts[0] === "")
              continue;
            if (p === "." || p === "") {
              didSomething = true;
              parts.splice(i, 1);
              i--;
            }
          }
          if (parts[0] === "." && parts.length === 2 && (parts[1] === "." || parts[1] === "")) {
            didSomething = true;
            parts.pop();
          }
        }
        let dd = 0;
        while (-1 !== (dd = parts.indexOf("..", dd + 1))) {
          const p = parts[dd - 1];
          if (p && p !== "." && p !== ".." && p !== "**") {
            didSomething = true;
            const needDot = dd === 1 && parts[dd + 1] === "**";
            const splin = needDot ? ["."] : [];
            parts.splice(dd - 1, 2, ...splin);
            if (parts.length === 0)
              parts.push("");
            dd -= 2;
          }
        }
      }
    } while (didSomething);
    return globParts;
  }
  // second phase: multi-pattern dedupes
  // {<pre>/*/<rest>,<pre>/<p>/<rest>} -> <pre>/*/<rest>
  // {<pre>/<rest>,<pre>/<rest>} -> <pre>/<rest>
  // {<pre>/**/<rest>,<pre>/<rest>} -> <pre>/**/<rest>
  //
  // {<pre>/**/<rest>,<pre>/**/<p>/<rest>} -> <pre>/**/<rest>
  // ^-- not valid because ** doens't follow symlinks
  secondPhasePreProcess(globParts) {
    for (let i = 0; i < globParts.length - 1; i++) {
      for (let j = i + 1; j < globParts.length; j++) {
        const matched = this.partsMatch(globParts[i], globParts[j], !this.preserveMultipleSlashes);
        if (matched) {
          globParts[i] = [];
          globParts[j] = matched;
          break;
        }
      }
    }
    return globParts.filter((gs) => gs.length);
  }
  partsMatch(a, b, emptyGSMatch = false) {
    let ai = 0;
    let bi = 0;
    let result = [];
    let which = "";
    while (ai < a.length && bi < b.length) {
      if (a[ai] === b[bi]) {
        result.push(which === "b" ? b[bi] : a[ai]);
        ai++;
        bi++;
      } else if (emptyGSMatch && a[ai] === "**" && b[bi] === a[ai + 1]) {
        result.push(a[ai]);
        ai++;
      } else if (emptyGSMatch && b[bi] === "**" && a[ai] === b[bi + 1]) {
        result.push(b[bi]);
        bi++;
      } else if (a[ai] === "*" && b[bi] && (this.options.dot || !b[bi].startsWith(".")) && b[bi] !== "**") {
        if (which === "b")
          return false;
        which = "a";
        result.push(a[ai]);
        ai++;
        bi++;
      } else if (b[bi] === "*" && a[ai] && (this.options.dot || !a[ai].startsWith(".")) && a[ai] !== "**") {
        if (which === "a")
          return false;
        which = "b";
        result.push(b[bi]);
        ai++;
        bi++;
      } else {
        return false;
      }
    }
    return a.length === b.length && result;
  }
  parseNegate() {
    if (this.nonegate)
      return;
    const pattern = this.pattern;
    let negate = false;
    let negateOffset = 0;
    for (let i = 0; i < pattern.length && pattern.charAt(i) === "!"; i++) {
      negate = !negate;
      negateOffset++;
    }
    if (negateOffset)
      this.pattern = pattern.slice(negateOffset);
    this.negate = negate;
  }
  // set partial to true to test if, for example,
  // "/a/b" matches the start of "/*/b/*/d"
  // Partial means, if you run out of file before you run
  // out of pattern, then that's fine, as long as all
  // the parts match.
  matchOne(file, pattern, partial = false) {
    let fileStartIndex = 0;
    let patternStartIndex = 0;
    if (this.isWindows) {
      const fileDrive = typeof file[0] === "string" && /^[a-z]:$/i.test(file[0]);
      const fileUNC = !fileDrive && file[0] === "" && file[1] === "" && file[2] === "?" && /^[a-z]:$/i.test(file[3]);
      const patternDrive = typeof pattern[0] === "string" && /^[a-z]:$/i.test(pattern[0]);
      const patternUNC = !patternDrive && pattern[0] === "" && pattern[1] === "" && pattern[2] === "?" && typeof pattern[3] === "string" && /^[a-z]:$/i.test(pattern[3]);
      const fdi = fileUNC ? 3 : fileDrive ? 0 : void 0;
      const pdi = patternUNC ? 3 : patternDrive ? 0 : void 0;
      if (typeof fdi === "number" && typeof pdi === "number") {
        const [fd, pd] = [
          file[fdi],
          pattern[pdi]
        ];
        if (fd.toLowerCase() === pd.toLowerCase()) {
          pattern[pdi] = fd;
          patternStartIndex = pdi;
          fileStartIndex = fdi;
        }
      }
    }
    const { optimizationLevel = 1 } = this.options;
    if (optimizationLevel >= 2) {
      file = this.levelTwoFileOptimize(file);
    }
    if (pattern.includes(GLOBSTAR)) {
      return this.#matchGlobstar(file, pattern, partial, fileStartIndex, patternStartIndex);
    }
    return this.#matchOne(file, pattern, partial, fileStartIndex, patternStartIndex);
  }
  #matchGlobstar(file, pattern, partial, fileIndex, patternIndex) {
    const firstgs = pattern.indexOf(GLOBSTAR, patternIndex);
    const lastgs = pattern.lastIndexOf(GLOBSTAR);
    const [head, body, tail] = partial ? [
      pattern.slice(patternIndex, firstgs),
      pattern.slice(firstgs + 1),
      []
    ] : [
      pattern.slice(patternIndex, firstgs),
      pattern.slice(firstgs + 1, lastgs),
      pattern.slice(lastgs + 1)
    ];
    if (head.length) {
      const fileHead = file.slice(fileIndex, fileIndex + head.length);
      if (!this.#matchOne(fileHead, head, partial, 0, 0)) {
        return false;
      }
      fileIndex += head.length;
      patternIndex += head.length;
    }
    let fileTailMatch = 0;
    if (tail.length) {
      if (tail.length + fileIndex > file.length)
        return false;
      let tailStart = file.length - tail.length;
      if (this.#matchOne(file, tail, partial, tailStart, 0)) {
        fileTailMatch = tail.length;
      } else {
        if (file[file.length - 1] !== "" || fileIndex + tail.length === file.length) {
          return false;
        }
        tailStart--;
        if (!this.#matchOne(file, tail, partial, tailStart, 0)) {
          return false;
        }
        fileTailMatch = tail.length + 1;
      }
    }
    if (!body.length) {
      let sawSome = !!fileTailMatch;
      for (let i2 = fileIndex; i2 < file.length - fileTailMatch; i2++) {
        const f = String(file[i2]);
        sawSome = true;
        if (f === "." || f === ".." || !this.options.dot && f.startsWith(".")) {
          return false;
        }
      }
      return partial || sawSome;
    }
    const bodySegments = [[[], 0]];
    let currentBody = bodySegments[0];
    let nonGsParts = 0;
    const nonGsPartsSums = [0];
    for (const b of body) {
      if (b === GLOBSTAR) {
        nonGsPartsSums.push(nonGsParts);
        currentBody = [[], 0];
        bodySegments.push(currentBody);
      } else {
        currentBody[0].push(b);
        nonGsParts++;
      }
    }
    let i = bodySegments.length - 1;
    const fileLength = file.length - fileTailMatch;
    for (const b of bodySegments) {
      b[1] = fileLength - (nonGsPartsSums[i--] + b[0].length);
    }
    return !!this.#matchGlobStarBodySections(file, bodySegments, fileIndex, 0, partial, 0, !!fileTailMatch);
  }
  // return false for "nope, not matching"
  // return null for "not matching, cannot keep trying"
  #matchGlobStarBodySections(file, bodySegments, fileIndex, bodyIndex, partial, globStarDepth, sawTail) {
    const bs = bodySegments[bodyIndex];
    if (!bs) {
      for (let i = fileIndex; i < file.length; i++) {
        sawTail = true;
        const f = file[i];
        if (f === "." || f === ".." || !this.options.dot && f.startsWith(".")) {
          return false;
        }
      }
      return sawTail;
    }
    const [body, after] = bs;
    while (fileIndex <= after) {
      const m = this.#matchOne(file.slice(0, fileIndex + body.length), body, partial, fileIndex, 0);
      if (m && globStarDepth < this.maxGlobstarRecursion) {
        const sub = this.#matchGlobStarBodySections(file, bodySegments, fileIndex + body.length, bodyIndex + 1, partial, globStarDepth + 1, sawTail);
        if (sub !== false) {
          return sub;
        }
      }
      const f = file[fileIndex];
      if (f === "." || f === ".." || !this.options.dot && f.startsWith(".")) {
        return false;
      }
      fileIndex++;
    }
    return partial || null;
  }
  #matchOne(file, pattern, partial, fileIndex, patternIndex) {
    let fi;
    let pi;
    let pl;
    let fl;
    for (fi = fileIndex, pi = patternIndex, fl = file.length, pl = pattern.length; fi < fl && pi < pl; fi++, pi++) {
      this.debug("matchOne loop");
      let p = pattern[pi];
      let f = file[fi];
      this.debug(pattern, p, f);
      if (p === false || p === GLOBSTAR) {
        return false;
      }
      let hit;
      if (typeof p === "string") {
        hit = f === p;
        this.debug("string match", p, f, hit);
      } else {
        hit = p.test(f);
        this.debug("pattern match", p, f, hit);
      }
      if (!hit)
        return false;
    }
    if (fi === fl && pi === pl) {
      return true;
    } else if (fi === fl) {
      return partial;
    } else if (pi === pl) {
      return fi === fl - 1 && file[fi] === "";
    } else {
      throw new Error("wtf?");
    }
  }
  braceExpand() {
    return braceExpand(this.pattern, this.options);
  }
  parse(pattern) {
    assertValidPattern(pattern);
    const options = this.options;
    if (pattern === "**")
      return GLOBSTAR;
    if (pattern === "")
      return "";
    let m;
    let fastTest = null;
    if (m = pattern.match(starRE)) {
      fastTest = options.dot ? starTestDot : starTest;
    } else if (m = pattern.match(starDotExtRE)) {
      fastTest = (options.nocase ? options.dot ? starDotExtTestNocaseDot : starDotExtTestNocase : options.dot ? starDotExtTestDot : starDotExtTest)(m[1]);
    } else if (m = pattern.match(qmarksRE)) {
      fastTest = (options.nocase ? options.dot ? qmarksTestNocaseDot : qmarksTestNocase : options.dot ? qmarksTestDot : qmarksTest)(m);
    } else if (m = pattern.match(starDotStarRE)) {
      fastTest = options.dot ? starDotStarTestDot : starDotStarTest;
    } else if (m = pattern.match(dotStarRE)) {
      fastTest = dotStarTest;
    }
    const re = AST.fromGlob(pattern, this.options).toMMPattern();
    if (fastTest && typeof re === "object") {
      Reflect.defineProperty(re, "test", { value: fastTest });
    }
    return re;
  }
  makeRe() {
    if (this.regexp || this.regexp === false)
      return this.regexp;
    const set = this.set;
    if (!set.length) {
      this.regexp = false;
      return this.regexp;
    }
    const options = this.options;
    const twoStar = options.noglobstar ? star2 : options.dot ? twoStarDot : twoStarNoDot;
    const flags = new Set(options.nocase ? ["i"] : []);
    let re = set.map((pattern) => {
      const pp = pattern.map((p) => {
        if (p instanceof RegExp) {
          for (const f of p.flags.split(""))
            flags.add(f);
        }
        return typeof p === "string" ? regExpEscape2(p) : p === GLOBSTAR ? GLOBSTAR : p._src;
      });
      pp.forEach((p, i) => {
        const next = pp[i + 1];
        const prev = pp[i - 1];
        if (p !== GLOBSTAR || prev === GLOBSTAR) {
          return;
        }
        if (prev === void 0) {
          if (next !== void 0 && next !== GLOBSTAR) {
            pp[i + 1] = "(?:\\/|" + twoStar + "\\/)?" + next;
          } else {
            pp[i] = twoStar;
          }
        } else if (next === void 0) {
          pp[i - 1] = prev + "(?:\\/|\\/" + twoStar + ")?";
        } else if (next !== GLOBSTAR) {
          pp[i - 1] = prev + "(?:\\/|\\/" + twoStar + "\\/)" + next;
          pp[i + 1] = GLOBSTAR;
        }
      });
      const filtered = pp.filter((p) => p !== GLOBSTAR);
      if (this.partial && filtered.length >= 1) {
        const prefixes = [];
        for (let i = 1; i <= filtered.length; i++) {
          prefixes.push(filtered.slice(0, i).join("/"));
        }
        return "(?:" + prefixes.join("|") + ")";
      }
      return filtered.join("/");
    }).join("|");
    const [open, close] = set.length > 1 ? ["(?:", ")"] : ["", ""];
    re = "^" + open + re + close + "$";
    if (this.partial) {
      re = "^(?:\\/|" + open + re.slice(1, -1) + close + ")$";
    }
    if (this.negate)
      re = "^(?!" + re + ").+$";
    try {
      this.regexp = new RegExp(re, [...flags].join(""));
    } catch {
      this.regexp = false;
    }
    return this.regexp;
  }
  slashSplit(p) {
    if (this.preserveMultipleSlashes) {
      return p.split("/");
    } else if (this.isWindows && /^\/\/[^/]+/.test(p)) {
      return ["", ...p.split(/\/+/)];
    } else {
      return p.split(/\/+/);
    }
  }
  match(f, partial = this.partial) {
    this.debug("match", f, this.pattern);
    if (this.comment) {
      return false;
    }
    if (this.empty) {
      return f === "";
    }
    if (f === "/" && partial) {
      return true;
    }
    const options = this.options;
    if (this.isWindows) {
      f = f.split("\\").join("/");
    }
    const ff = this.slashSplit(f);
    this.debug(this.pattern, "split", ff);
    const set = this.set;
    this.debug(this.pattern, "set", set);
    let filename = ff[ff.length - 1];
    if (!filename) {
      for (let i = ff.length - 2; !filename && i >= 0; i--) {
        filename = ff[i];
      }
    }
    for (const pattern of set) {
      let file = ff;
      if (options.matchBase && pattern.length === 1) {
        file = [filename];
      }
      const hit = this.matchOne(file, pattern, partial);
      if (hit) {
        if (options.flipNegate) {
          return true;
        }
        return !this.negate;
      }
    }
    if (options.flipNegate) {
      return false;
    }
    return this.negate;
  }
  static defaults(def) {
    return minimatch.defaults(def).Minimatch;
  }
};
minimatch.AST = AST;
minimatch.Minimatch = Minimatch;
minimatch.escape = escape;
minimatch.unescape = unescape;

// src/scan/scan-config.ts
var import_yaml = __toESM(require_dist(), 1);
var PER_MODEL_KEYS = ["input-range", "mean", "std", "layout", "size", "outputs"];
var text = (v) => Array.isArray(v) ? v.join(",") : String(v);
function settingsFrom(entry, where) {
  const out = {};
  for (const [key, value] of Object.entries(entry)) {
    if (key === "path") continue;
    if (!PER_MODEL_KEYS.includes(key)) {
      throw new OnepixelError("BAD_OPTION", `${where}: unknown setting "${key}" (known: ${PER_MODEL_KEYS.join(", ")})`);
    }
    out[key] = text(value);
  }
  optionsFromText(out);
  return out;
}
function loadScanConfig(file) {
  let text2;
  try {
    text2 = fs3.readFileSync(file, "utf8");
  } catch (error) {
    throw new OnepixelError("BAD_OPTION", `${file}: cannot read (${error.code ?? "unknown error"})`);
  }
  return parseScanConfig(text2, file);
}
function parseScanConfig(text2, file) {
  let doc;
  try {
    doc = import_yaml.default.parse(text2);
  } catch (error) {
    throw new OnepixelError("BAD_OPTION", `${file}: ${error.message.split("\n")[0]}`);
  }
  if (doc === null || doc === void 0) return { defaults: {}, models: [] };
  if (typeof doc !== "object" || Array.isArray(doc)) throw new OnepixelError("BAD_OPTION", `${file}: expected a mapping with defaults and models`);
  const root = doc;
  for (const key of Object.keys(root)) {
    if (key !== "defaults" && key !== "models") throw new OnepixelError("BAD_OPTION", `${file}: unknown key "${key}" (expected defaults, models)`);
  }
  const models = root.models ?? [];
  if (!Array.isArray(models)) throw new OnepixelError("BAD_OPTION", `${file}: models must be a list`);
  return {
    defaults: settingsFrom(root.defaults ?? {}, `${file} defaults`),
    models: models.map((entry, i) => {
      const e = entry;
      if (typeof e?.path !== "string") throw new OnepixelError("BAD_OPTION", `${file}: models[${i}] needs a path glob`);
      return { path: e.path, settings: settingsFrom(e, `${file} models[${i}]`) };
    })
  };
}
function metadataSettings(metadata) {
  const out = {};
  for (const key of PER_MODEL_KEYS) {
    const value = metadata[`onepixel.${key.replace("-", "_")}`] ?? metadata[`onepixel.${key}`];
    if (value === void 0) continue;
    try {
      resolveOptions(optionsFromText({ [key]: value }));
      out[key] = value;
    } catch {
    }
  }
  return out;
}
function configSettings(config, modelPath) {
  if (!config) return {};
  const posix = modelPath.replace(/\\/g, "/").replace(/^\.\//, "");
  let out = { ...config.defaults };
  for (const entry of config.models) {
    if (minimatch(posix, entry.path, { dot: true, matchBase: !entry.path.includes("/") })) out = { ...out, ...entry.settings };
  }
  return out;
}
var defined = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== void 0));
function modelSettings(base, metadata, config, modelPath, claimedConfig) {
  const claims = [];
  const fromMetadata = defined(optionsFromText(metadataSettings(metadata)));
  if (Object.keys(fromMetadata).length > 0) claims.push({ source: "the model's metadata", settings: fromMetadata });
  if (claimedConfig) {
    const fromConfig = defined(optionsFromText(configSettings(claimedConfig.config, modelPath)));
    if (Object.keys(fromConfig).length > 0) claims.push({ source: claimedConfig.source, settings: fromConfig });
  }
  return { trusted: { ...defined(optionsFromText(configSettings(config, modelPath))), ...defined(base) }, claims };
}

// src/scan/trigger-evidence.ts
import fs4 from "node:fs";
import path5 from "node:path";

// src/recipe/trigger-demo.ts
var SHOWN_EXEMPLARS = 8;
function drawPatch(canvas, box, patch) {
  const out = canvas.clone();
  patch.colours.forEach((colour, i) => out.fill(box[1] + Math.floor(i / patch.cols) * patch.cell, box[0] + i % patch.cols * patch.cell, patch.cell, colour));
  return out;
}
function answer(row, target) {
  const top = topClass(row);
  return { top, probability: Math.exp(row[top]), target: Math.exp(row[target]) };
}
async function demonstrateTrigger(model, options, recorded, count = SHOWN_EXEMPLARS, signal) {
  const { channels, height, width } = model.input;
  const { target, kind, box, patch } = recorded;
  let stampOn;
  let trigger;
  if (kind === "patch") {
    if (!patch) return void 0;
    stampOn = (x) => drawPatch(x, box, patch);
    trigger = stampOn(new Canvas(channels, height, width));
  } else {
    if (!recorded.pattern) return void 0;
    const pattern = unpackPattern(recorded.pattern, channels * height * width);
    stampOn = (x) => mix(x, pattern, TRANSFER.alpha);
    trigger = new Canvas(channels, height, width, pattern);
  }
  const scale = recipeScale(height, width);
  const ctx = await stepContext(model, options, scale, { signal });
  const runner = ctx.runner.forStep();
  const exemplars = await drawExemplars(runner, model.input, ctx.classes, scale, random(EXEMPLAR_SEED), TRANSFER);
  const others = evenSpread(exemplars.filter((e) => e.label !== target), TRANSFER.maxBases);
  const stamped = others.map((e) => stampOn(e.image));
  const after = await runner.score(stamped);
  const wins = after.filter((row) => answer(row, target).top === target).length;
  const picked = evenSpread([...others.keys()], count);
  const before = await runner.score(picked.map((i) => others[i].image));
  return {
    target,
    kind,
    box: [...box],
    trigger,
    ...kind === "blend" ? { alpha: TRANSFER.alpha } : {},
    ...patch ? { patch } : {},
    tried: others.length,
    wins,
    shown: picked.map((i, j) => ({ label: others[i].label, image: others[i].image, stamped: stamped[i], before: answer(before[j], target), after: answer(after[i], target) }))
  };
}

// src/recipe/whole-image-demo.ts
var DEMO_STRENGTHS = [0.5, 1];
var TRIED = 32;
var BATCH = 64;
var MAX_DRAWN = 384;
var MIN_TRIED = 8;
function wholeImageDemoPasses() {
  return 1 + MAX_DRAWN + TRIED * DEMO_STRENGTHS.length;
}
function testChart(channels, height, width) {
  const chart = new Canvas(channels, height, width);
  const step = (size) => Math.max(2, Math.round(size / 8));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const ruled = y % step(height) === 0 || x % step(width) === 0;
      const v = ruled ? 0 : 48 + 200 * x / Math.max(1, width - 1);
      for (let c = 0; c < channels; c++) chart.pixels[(c * height + y) * width + x] = v;
    }
  }
  return chart;
}
async function demonstrateWholeImage(model, options, target, change, count, signal) {
  const { channels: C, height: H, width: W } = model.input;
  const ctx = await stepContext(model, options, recipeScale(H, W), { signal });
  const runner = ctx.runner.forStep();
  const others = [];
  let drawn = 0;
  while (others.length < TRIED && drawn < MAX_DRAWN) {
    const indices = Array.from({ length: BATCH }, (_, j) => WHOLE_IMAGE.pool + drawn + j);
    drawn += BATCH;
    const rows = await runner.score(eachOf(indices, (i) => poolImage(C, H, W, i)));
    indices.forEach((i, j) => {
      if (others.length < TRIED && topClass(rows[j]) !== target) others.push({ i, row: rows[j] });
    });
  }
  if (others.length < MIN_TRIED) return void 0;
  const used = others.length === TRIED ? others.at(-1).i - WHOLE_IMAGE.pool + 1 : drawn;
  const images = others.map((e) => poolImage(C, H, W, e.i));
  const changedAt = DEMO_STRENGTHS.map((a) => images.map((img) => applyChange(img, scaled(change, a))));
  const after = [];
  for (const list of changedAt) after.push(await runner.score(eachOf(list, (x) => x)));
  const chart = testChart(C, H, W);
  const picked = evenSpread([...others.keys()], count);
  return {
    target,
    change,
    strengths: [...DEMO_STRENGTHS],
    wins: after.map((rows) => summarise(rows, target)[1]),
    tried: others.length,
    drawn: used,
    alreadyTarget: used - others.length,
    chart,
    charts: DEMO_STRENGTHS.map((a) => applyChange(chart, scaled(change, a))),
    shown: picked.map((j) => ({
      label: topClass(others[j].row),
      image: images[j],
      changed: changedAt[0][j],
      before: answer(others[j].row, target),
      after: answer(after[0][j], target)
    }))
  };
}

// src/report/picture-parts.ts
var FONT = 2;
var LINE = 5 * FONT + 6;
var GAP = 10;
var RED = [200, 30, 30];
var GREEN = [20, 130, 50];
var GRAY = [110, 110, 110];
var INK = [0, 0, 0];
var BLUE = [30, 70, 180];
function colourAt(image, y, x) {
  const { channels: C, height: H, width: W, pixels } = image;
  const v = (c) => Math.max(0, Math.min(255, Math.round(pixels[(c * H + y) * W + x])));
  return C === 3 ? [v(0), v(1), v(2)] : [v(0), v(0), v(0)];
}
function drawImage(r, image, x, y, side, crop = [0, 0, image.width, image.height]) {
  const [x0, y0, x1, y1] = crop;
  const scale = side / Math.max(x1 - x0, y1 - y0);
  for (let py = 0; py < Math.round((y1 - y0) * scale); py++) {
    for (let px = 0; px < Math.round((x1 - x0) * scale); px++) {
      r.fill(x + px, y + py, 1, 1, colourAt(image, Math.min(y1 - 1, y0 + Math.floor(py / scale)), Math.min(x1 - 1, x0 + Math.floor(px / scale))));
    }
  }
}
function frame(r, x, y, w, h, colour, width = 2) {
  r.fill(x - width, y - width, w + 2 * width, width, colour);
  r.fill(x - width, y + h, w + 2 * width, width, colour);
  r.fill(x - width, y, width, h, colour);
  r.fill(x + w, y, width, h, colour);
}
function fitLine(text2, width) {
  const chars = Math.floor((width + FONT) / (4 * FONT));
  return text2.length <= chars ? text2 : `...${text2.slice(text2.length - chars + 3)}`;
}
var pct = (share2) => `${Math.round(share2 * 100)}%`;
function bar(r, x, y, width, share2, colour, label) {
  r.fill(x, y, width, 12, [230, 230, 230]);
  r.fill(x, y, Math.round(width * Math.max(0, Math.min(1, share2))), 12, colour);
  r.text(x + width + GAP, y + 1, `${pct(share2)}  ${label}`, FONT, INK);
}
function barLabelsWidth(labels) {
  return Math.max(...labels.map((t) => Raster.textWidth(`100%  ${t}`, FONT)));
}
var answerText = (a) => `${a.top} ${a.probability.toFixed(2)}`;
var answerRowsHeight = (tile) => 2 * (tile + 2 * LINE + 4);
function answerRows(r, y, tile, labels, shown, target, hit) {
  labels.forEach((label, row) => {
    const top = y + row * answerRowsHeight(tile) / 2;
    r.text(GAP, top, label, FONT, INK);
    shown.forEach((e, i) => {
      const x = GAP + i * (tile + GAP);
      drawImage(r, row === 0 ? e.before : e.after, x, top + LINE, tile);
      const a = e.answers[row];
      r.text(x, top + LINE + tile + 4, answerText(a), FONT, a.top === target && row === 1 ? hit : INK);
    });
  });
}

// src/report/evidence-picture.ts
function squareAround([x0, y0, x1, y1], pad, W, H) {
  const side = Math.min(W, H, Math.max(x1 - x0, y1 - y0) + 2 * pad);
  const start = (from, to, size) => Math.max(0, Math.min(size - side, Math.round((from + to - side) / 2)));
  const sx = start(x0, x1, W);
  const sy = start(y0, y1, H);
  return [sx, sy, sx + side, sy + side];
}
function renderEvidencePicture(p) {
  const { demo } = p;
  const { width: W, height: H } = demo.trigger;
  const tile = Math.max(56, Math.min(112, 3 * Math.max(W, H)));
  const columns = Math.max(1, demo.shown.length);
  const big = Math.max(2 * tile, Raster.textWidth("THE TRIGGER, ENLARGED", FONT));
  const onX = GAP + big + 3 * GAP;
  const barsX = onX + big + 3 * GAP;
  const barW = 160;
  const wins = `CLASS ${demo.target} WINS (${demo.wins} OF ${demo.tried})`;
  const other = `BEST OTHER CLASS, ITS OWN ${demo.kind === "blend" ? "PATTERN" : "PATCH"} (TRANSFER TEST)`;
  const labels = barLabelsWidth([wins, other]);
  const width = Math.max(GAP + 1 + columns * (tile + GAP) + 70, barsX + barW + GAP + labels + 2 * GAP, 820);
  const top = GAP + 3 * LINE;
  const triggerRow = top + LINE + big + GAP;
  const rowsAt = triggerRow + LINE;
  const height = rowsAt + answerRowsHeight(tile) + 3 * LINE;
  const r = new Raster(width, height);
  const verdict = p.backdoored ? "BACKDOORED" : "CLEAN";
  r.text(GAP, GAP, fitLine(p.model, width - 2 * GAP), FONT, INK);
  r.text(GAP, GAP + LINE, `${verdict}  P ${p.probability.toFixed(3)} (THRESHOLD ${p.threshold.toFixed(3)})`, FONT, p.backdoored ? RED : GREEN);
  const who = p.backdoored ? `TARGET CLASS ${demo.target}` : `MOST SUSPICIOUS CLASS ${demo.target}: THE BEST TRIGGER FOUND`;
  const what = demo.kind === "blend" ? `PATTERN BLENDED OVER THE WHOLE IMAGE AT ${demo.alpha}` : `PATCH AT ${boxText(demo.box)}`;
  r.text(GAP, GAP + 2 * LINE, `${who}, ${what}`, FONT, INK);
  r.text(GAP, top, demo.kind === "blend" ? "THE PATTERN" : "THE TRIGGER, ENLARGED", FONT, GRAY);
  if (demo.kind === "patch") {
    const [x0, y0, x1, y1] = demo.box;
    const crop = squareAround(demo.box, demo.patch?.cell ?? 1, W, H);
    const side = crop[2] - crop[0];
    drawImage(r, demo.trigger, GAP, top + LINE, big, crop);
    const s = big / side;
    frame(r, GAP + Math.round((x0 - crop[0]) * s), top + LINE + Math.round((y0 - crop[1]) * s), Math.round((x1 - x0) * s), Math.round((y1 - y0) * s), RED);
  } else {
    drawImage(r, demo.trigger, GAP, top + LINE, big);
  }
  r.text(onX, top, demo.kind === "blend" ? `MIXED INTO BLACK AT ${demo.alpha}` : "ON THE INPUT", FONT, GRAY);
  drawImage(r, demo.kind === "blend" ? mix(new Canvas(demo.trigger.channels, H, W), demo.trigger.pixels, demo.alpha ?? 1) : demo.trigger, onX, top + LINE, big);
  if (demo.kind === "patch") {
    const s = big / Math.max(W, H);
    const [x0, y0, x1, y1] = demo.box;
    frame(r, onX + Math.round(x0 * s), top + LINE + Math.round(y0 * s), Math.round((x1 - x0) * s), Math.round((y1 - y0) * s), RED);
  }
  r.text(barsX, top, "STAMPED ON EXEMPLARS OF OTHER CLASSES", FONT, GRAY);
  bar(r, barsX, top + LINE + 4, barW, demo.tried > 0 ? demo.wins / demo.tried : 0, p.backdoored ? RED : GRAY, wins);
  if (p.otherWins !== null) bar(r, barsX, top + 2 * LINE + 8, barW, p.otherWins, GRAY, other);
  r.text(GAP, triggerRow, `THE MODEL'S ANSWERS: CLASS AND PROBABILITY`, FONT, GRAY);
  const shown = demo.shown.map((e) => ({ before: e.image, after: e.stamped, answers: [e.before, e.after] }));
  answerRows(r, rowsAt, tile, ["BEFORE", "AFTER"], shown, demo.target, p.backdoored ? RED : BLUE);
  const foot = rowsAt + answerRowsHeight(tile) + 4;
  r.text(GAP, foot, "EXEMPLARS ARE RANDOM SCRIBBLES THE MODEL ITSELF GIVES TO A CLASS WITH A MARGIN;", FONT, GRAY);
  r.text(GAP, foot + LINE, "NO TRAINING DATA IS USED. A REAL TRIGGER WINS ON NEARLY ALL OF THEM, AN ORDINARY PATCH ON FEWER.", FONT, GRAY);
  return r.encode();
}

// src/report/whole-image-picture.ts
var FAMILY_WORDS = {
  tone: "A TONE CHANGE (GAIN, GAMMA AND OFFSET PER CHANNEL)",
  field: "A SMOOTH FIELD ADDED OVER THE IMAGE",
  warp: "A SMOOTH WARP BY A FEW PIXELS",
  posterise: "POSTERISING"
};
var DIFFERENCE_GAIN = 4;
function difference(before, after) {
  const out = new Canvas(before.channels, before.height, before.width);
  out.pixels.forEach((_, i) => {
    out.pixels[i] = Math.max(0, Math.min(255, 128 + DIFFERENCE_GAIN * (after.pixels[i] - before.pixels[i])));
  });
  return out;
}
function renderWholeImagePicture(p) {
  const { demo } = p;
  const { width: W, height: H } = demo.chart;
  const tile = Math.max(56, Math.min(112, 3 * Math.max(W, H)));
  const columns = Math.max(1, demo.shown.length);
  const full = demo.charts.at(-1);
  const charts = [demo.chart, ...demo.charts, difference(demo.chart, full)];
  const chartLabels = ["TEST CHART", ...demo.strengths.map((a) => `AT ${pct(a)} STRENGTH`), `CHANGE AT ${pct(demo.strengths.at(-1))}, x${DIFFERENCE_GAIN}`];
  const chartSide = Math.max(tile, ...chartLabels.map((t) => Raster.textWidth(t, FONT)));
  const barsX = GAP + (charts.length - 1) * (chartSide + 2 * GAP) + chartSide + 3 * GAP;
  const barW = 160;
  const winLabels = demo.strengths.map((a, i) => `CLASS ${demo.target} WINS AT ${pct(a)} STRENGTH (${Math.round(demo.wins[i] * demo.tried)} OF ${demo.tried})`);
  const other = "BEST OTHER CLASS AT FULL STRENGTH, IN THE SEARCH";
  const [, half] = p.search.wins;
  const searchLine = `IN THE SEARCH (ITS HELD IMAGES): ${pct(half ?? 0)} AT 50%, ${pct(p.search.wins.at(-1) ?? 0)} AT 100%`;
  const skippedLine = demo.alreadyTarget > 0 ? `${demo.alreadyTarget} OF ${demo.drawn} IMAGES DRAWN WENT TO CLASS ${demo.target} UNCHANGED: NOT TRIED` : "";
  const width = Math.max(
    GAP + 1 + columns * (tile + GAP) + 70,
    barsX + barW + GAP + barLabelsWidth([...winLabels, other]) + 2 * GAP,
    barsX + Math.max(...[searchLine, skippedLine].map((t) => Raster.textWidth(t, FONT))) + 2 * GAP,
    820
  );
  const top = GAP + 3 * LINE;
  const rowsAt = top + Math.max(LINE + chartSide, (demo.wins.length + 4) * (LINE + 4) + GAP) + GAP + LINE;
  const height = rowsAt + answerRowsHeight(tile) + 3 * LINE;
  const r = new Raster(width, height);
  r.text(GAP, GAP, fitLine(p.model, width - 2 * GAP), FONT, INK);
  r.text(GAP, GAP + LINE, `WHOLE-IMAGE SEARCH: REPORTED, NOT PART OF THE VERDICT (${p.verdict.toUpperCase()}, P ${p.probability.toFixed(3)})`, FONT, GRAY);
  r.text(GAP, GAP + 2 * LINE, fitLine(`CLASS ${demo.target}: ${FAMILY_WORDS[demo.change.family]}`, width - 2 * GAP), FONT, INK);
  charts.forEach((image, i) => {
    const x = GAP + i * (chartSide + 2 * GAP);
    r.text(x, top, chartLabels[i], FONT, GRAY);
    drawImage(r, image, x, top + LINE, chartSide);
  });
  r.text(barsX, top, `ON ${demo.tried} MORE UNSEEN IMAGES OF OTHER CLASSES`, FONT, GRAY);
  demo.wins.forEach((w, i) => bar(r, barsX, top + (i + 1) * (LINE + 4), barW, w, BLUE, winLabels[i]));
  const searchAt = top + (demo.wins.length + 1) * (LINE + 4) + GAP;
  r.text(barsX, searchAt, searchLine, FONT, GRAY);
  if (p.search.otherWins !== null) bar(r, barsX, searchAt + LINE + 4, barW, p.search.otherWins, GRAY, other);
  if (skippedLine) r.text(barsX, searchAt + 2 * (LINE + 4), skippedLine, FONT, GRAY);
  r.text(GAP, rowsAt - LINE, `THE MODEL'S ANSWERS: CLASS AND PROBABILITY`, FONT, GRAY);
  const shown = demo.shown.map((e) => ({ before: e.image, after: e.changed, answers: [e.before, e.after] }));
  answerRows(r, rowsAt, tile, ["BEFORE", `AFTER, AT ${pct(demo.strengths[0])} STRENGTH`], shown, demo.target, BLUE);
  const foot = rowsAt + answerRowsHeight(tile) + 4;
  r.text(GAP, foot, "IMAGES ARE SEEDED SMOOTH FIELDS AND STROKES OF THE KIND THE SEARCH USES, NONE OF WHICH IT SAW;", FONT, GRAY);
  r.text(GAP, foot + LINE, "NO TRAINING DATA IS USED. A WHOLE-IMAGE TRIGGER WINS ON NEARLY ALL OF THEM.", FONT, GRAY);
  return r.encode();
}

// src/scan/trigger-evidence.ts
function recoveredTrigger(result, found, height, width) {
  const k = found.targetClass;
  if (found.trigger === "blend") {
    const pattern = result.transfer.blendPatterns?.[k];
    return { target: k, kind: "blend", box: [0, 0, width, height], ...pattern ? { pattern, alpha: TRANSFER.alpha } : {} };
  }
  const patch = result.transfer.patchCells?.[k];
  const box = found.triggerBox ?? [0, 0, width, height];
  return { target: k, kind: "patch", box: [...box], ...patch ? { patch } : {} };
}
function demonstrationPasses(classes) {
  return 1 + TRANSFER.pool + Math.min(classes * TRANSFER.perClass, TRANSFER.maxBases) + SHOWN_EXEMPLARS + wholeImageDemoPasses();
}
function evidenceJson(report, demo) {
  const { channels, height, width } = demo.trigger;
  return `${JSON.stringify(
    {
      model: report.model,
      verdict: report.verdict,
      target: demo.target,
      kind: demo.kind,
      box: demo.box,
      ...demo.alpha !== void 0 ? { alpha: demo.alpha } : {},
      tried: demo.tried,
      wins: demo.wins,
      // Pixel values 0..255 as the scan drew them, [C, H, W] float32 in base64, before (image)
      // and after (stamped); the model's settings in the report turn them into its input.
      shape: [channels, height, width],
      shown: demo.shown.map((e) => ({ label: e.label, before: e.before, after: e.after, image: base64(e.image.pixels), stamped: base64(e.stamped.pixels) }))
    },
    null,
    1
  )}
`;
}
async function writeTriggerEvidence(model, options, report, threshold, folder, signal) {
  for (const name of ["evidence.png", "evidence.json"]) fs4.rmSync(path5.join(folder, name), { force: true });
  const recovered = report.recovered;
  if (!recovered || report.probability === null) return recovered;
  const demo = await demonstrateTrigger(model, options, recovered, SHOWN_EXEMPLARS, signal);
  if (!demo) return recovered;
  const transfer = report.transfer;
  const otherWins = (demo.kind === "blend" ? transfer?.otherBlendWins : transfer?.otherPatchWins) ?? null;
  fs4.mkdirSync(folder, { recursive: true });
  const picture = path5.join(folder, "evidence.png");
  fs4.writeFileSync(picture, renderEvidencePicture({ model: report.model, backdoored: report.verdict === "backdoored", probability: report.probability, threshold, demo, otherWins }));
  fs4.writeFileSync(path5.join(folder, "evidence.json"), evidenceJson(report, demo));
  const shown = demo.shown.map((e) => ({ label: e.label, before: { top: e.before.top, probability: round(e.before.probability) }, after: { top: e.after.top, probability: round(e.after.probability) } }));
  return { ...recovered, stamped: { tried: demo.tried, wins: demo.wins, shown }, picture };
}
async function writeWholeImageEvidence(model, options, report, result, folder, signal) {
  const picture = path5.join(folder, "whole-image.png");
  fs4.rmSync(picture, { force: true });
  if (!report.wholeImage) return void 0;
  const { picture: _stale, demonstrated: _shown, ...found } = report.wholeImage;
  const change = result.wholeImage?.changes[found.targetClass];
  if (!change || !notableWholeImage(report) || report.verdict === "error" || report.probability === null) return found;
  const demo = await demonstrateWholeImage(model, options, found.targetClass, change, SHOWN_EXEMPLARS, signal);
  if (!demo) return found;
  fs4.mkdirSync(folder, { recursive: true });
  fs4.writeFileSync(picture, renderWholeImagePicture({ model: report.model, verdict: report.verdict, probability: report.probability, demo, search: found }));
  const demonstrated = { drawn: demo.drawn, alreadyTarget: demo.alreadyTarget, tried: demo.tried, wins: [round(demo.wins[0]), round(demo.wins[1])] };
  return { ...found, picture, demonstrated };
}
var round = (p) => Math.round(p * 1e4) / 1e4;
var base64 = (values2) => Buffer.from(values2.buffer, values2.byteOffset, values2.byteLength).toString("base64");

// src/scan/scan.ts
function artifactFolderName(model) {
  return model.replace(/^(\.\.?[\\/])+/, "").replace(/[\\/:]+/g, "__");
}
function packageVersion() {
  try {
    return JSON.parse(fs5.readFileSync(path6.join(packageRoot(), "package.json"), "utf8")).version;
  } catch {
    return "0.0.0";
  }
}
function cacheKey(identity, o, input, judge) {
  const shape = { layout: input.layout, channels: input.channels, height: input.height, width: input.width };
  const relevant = { ...recipeSettings(), inputRange: o.inputRange, mean: o.mean, std: o.std, shape, outputs: o.outputs, judge };
  return crypto2.createHash("sha256").update(`${identity}
${JSON.stringify(relevant)}`).digest("hex").slice(0, 32);
}
function readCached(file) {
  try {
    return recipeResult(decodeSteps(fs5.readFileSync(file)).steps);
  } catch {
    return void 0;
  }
}
async function measure(model, key, index, total, options, scan, folder) {
  const cached = scan.cacheDir ? path6.join(scan.cacheDir, key) : void 0;
  if (cached && fs5.existsSync(path6.join(cached, "recipe.json.gz"))) {
    const result = readCached(path6.join(cached, "recipe.json.gz"));
    if (result?.transfer.patchCells) return { result, cached: true, files: cached };
  }
  const run = await runRecipe(model, options, {
    signal: scan.signal,
    onProgress: (p) => scan.onProgress?.(index, total, model.path, p)
  });
  let files;
  if (cached) {
    const tmp = `${cached}.${process.pid}.tmp`;
    writeSignatureArtifacts(run.signature, tmp);
    fs5.writeFileSync(path6.join(tmp, "recipe.json.gz"), encodeSteps(storedSteps(run.result)));
    fs5.rmSync(cached, { recursive: true, force: true });
    fs5.renameSync(tmp, cached);
    files = cached;
  } else if (scan.artifactsDir) {
    files = path6.join(scan.artifactsDir, folder);
    writeSignatureArtifacts(run.signature, files);
  }
  return { result: run.result, cached: false, files };
}
function copyArtifacts(from, to) {
  if (path6.resolve(from) === path6.resolve(to)) return;
  fs5.mkdirSync(to, { recursive: true });
  for (const name of ARTIFACT_FILES) fs5.copyFileSync(path6.join(from, name), path6.join(to, name));
}
async function scanOne(file, index, total, scan, config, weights, threshold, judge, onVerdict) {
  const started = performance.now();
  const seconds = () => Math.round((performance.now() - started) / 10) / 100;
  let sha256 = null;
  try {
    const inspected = inspectModelFile(file);
    sha256 = inspected.sha256;
    const settings = modelSettings(scan.signature ?? {}, inspected.summary.metadata, config, file, scan.claimedConfig);
    const options = resolveOptions({ ...settings.trusted, threads: scan.threads ?? scan.signature?.threads });
    const model = await loadModel(file, options, inspected);
    const stop = () => model.native.close();
    scan.signal?.addEventListener("abort", stop, { once: true });
    try {
      let outputClasses;
      const classes = async () => outputClasses ??= (await checkOutput(model, options)).classes;
      if (options.budget !== void 0) await planWork(model, options, classes, 1, 0);
      const plan = await planConventions(model, options, settings, inspected.affine, scan.signal);
      const besides = (plan.inference ? inferencePasses(model.input.channels) : 0) + (scan.artifactsDir ? demonstrationPasses(await classes()) : 0);
      const work = await planWork(model, options, classes, plan.conventions.length, besides);
      const scans = [];
      for (const planned of plan.conventions) {
        const o = withConvention(options, planned.convention);
        const folder = plan.conventions.length > 1 ? `${artifactFolderName(file)}.${conventionFolder(planned.convention)}` : artifactFolderName(file);
        try {
          const swept = await measure(model, cacheKey(inspected.identity, o, model.input, judge), index, total, o, scan, folder);
          scans.push({ planned, swept, found: detect(weights, swept.result, model.input.height, model.input.width) });
        } catch (error) {
          if (scan.signal?.aborted || error instanceof OnepixelError && error.code === "ABORTED") throw error;
          scans.push({ planned, error });
        }
      }
      const worst = worstScan(scans, weights);
      const report = judgeScans(file, inspected, model, options, plan, scans, worst, scan, weights, threshold, seconds());
      if (worst && report.verdict !== "error" && scan.artifactsDir) {
        await onVerdict?.({ ...report, plan: work });
        const folder = report.artifacts ?? path6.join(scan.artifactsDir, artifactFolderName(file));
        const o = withConvention(options, worst.planned.convention);
        report.recovered = await showEvidence(() => writeTriggerEvidence(model, o, report, threshold, folder, scan.signal), report.recovered, scan.signal);
        await onVerdict?.({ ...report, plan: work });
        report.wholeImage = await showEvidence(() => writeWholeImageEvidence(model, o, report, worst.swept.result, folder, scan.signal), report.wholeImage, scan.signal);
        report.seconds = seconds();
      }
      return { ...report, plan: work };
    } finally {
      scan.signal?.removeEventListener("abort", stop);
      model.native.close();
    }
  } catch (error) {
    if (scan.signal?.aborted) throw new OnepixelError("ABORTED", STOPPED_UNFINISHED);
    if (error instanceof OnepixelError && error.code === "ABORTED") throw error;
    return errorEntry(file, errorCode(error), describeError(error), seconds(), sha256);
  }
}
async function planWork(model, options, classes, conventions, besides) {
  if (!model.cost) {
    if (options.budget === void 0) return void 0;
    throw new OnepixelError("BUDGET_UNPLANNED", `${model.path}: its graph could not be read to plan the budget; scan it with --budget 0 (the timeout still applies)`);
  }
  const { height, width, channels } = model.input;
  const recipe = recipePasses({ height, width, channels, classes: await classes() });
  const passes = conventions * recipe.passes + besides;
  const seconds = conventions * referenceSeconds(model.cost, recipe.passes, recipe.drawn, channels * height * width) + referenceSeconds(model.cost, besides, besides, channels * height * width);
  const plan = { passes, seconds: Math.round(seconds), ...model.cost.uncosted.length > 0 ? { uncosted: model.cost.uncosted } : {} };
  if (options.budget !== void 0 && !(seconds <= options.budget)) {
    const each = conventions > 1 ? ` (${conventions} input conventions)` : "";
    throw new OnepixelError(
      "BUDGET_EXCEEDED",
      `${model.path}: its scan needs about ${Math.round(seconds)} s${each} on the reference 2-core machine, ${(passes / 1e3).toFixed(0)}k forward passes of ${(model.cost.macs / 1e6).toFixed(1)}M multiply-adds, over the budget of ${options.budget} s; raise --budget (0: none)`
    );
  }
  return plan;
}
var counted = (scans, s, weights) => judgedProbability(s.found.probability, s === scans[0], weights);
function worstScan(scans, weights) {
  return scans.filter((s) => s.found).sort((a, b) => counted(scans, b, weights) - counted(scans, a, weights))[0];
}
async function showEvidence(write, without, signal) {
  try {
    return await write();
  } catch (error) {
    if (signal?.aborted || error instanceof OnepixelError && error.code === "ABORTED") throw error;
    return without;
  }
}
function judgeScans(file, inspected, model, options, plan, scans, worst, scan, weights, threshold, seconds) {
  const failed = scans.find((s) => s.error !== void 0);
  const conventionReport = {
    basis: plan.basis,
    ...plan.inference ? { inferred: plan.inference.chosen.map((c) => c.name), ratio: round2(plan.inference.ratio) } : {},
    scanned: scans.map((s) => ({
      name: s.planned.convention.name,
      from: s.planned.from,
      probability: s.found ? round2(s.found.probability) : null,
      ...s.found && s !== scans[0] && counted(scans, s, weights) !== s.found.probability ? { counted: round2(counted(scans, s, weights)) } : {},
      ...s.error !== void 0 ? { error: describeError(s.error) } : {}
    })),
    decidedBy: worst?.planned.convention.name ?? null,
    ...plan.refused.length > 0 ? { refused: plan.refused } : {}
  };
  const { input } = model;
  const base = {
    model: file,
    sha256: inspected.sha256,
    ...inspected.externalData.length > 0 ? { identity: inspected.identity, externalData: inspected.externalData } : {},
    seconds,
    input: { name: input.name, layout: input.layout, channels: input.channels, height: input.height, width: input.width },
    convention: conventionReport
  };
  const probability = worst === void 0 ? NaN : counted(scans, worst, weights);
  const backdoored = worst !== void 0 && probability >= threshold;
  if (!worst || failed && !backdoored) {
    const error = failed?.error;
    return { ...base, verdict: "error", probability: null, targetClass: null, triggerBox: null, error: reasonFor(file, `under input convention ${failed?.planned.convention.name}: ${describeError(error)}`), errorCode: errorCode(error) };
  }
  const found = worst.found;
  const o = withConvention(options, worst.planned.convention);
  let artifacts;
  if (scan.artifactsDir && worst.swept.files) {
    artifacts = path6.join(scan.artifactsDir, artifactFolderName(file));
    copyArtifacts(worst.swept.files, artifacts);
  }
  return {
    ...base,
    verdict: backdoored ? "backdoored" : "clean",
    probability: round2(probability),
    targetClass: backdoored ? found.targetClass : null,
    trigger: backdoored ? found.trigger : null,
    triggerBox: backdoored ? found.triggerBox : null,
    classes: worst.swept.result.pixel.classes,
    settings: {
      inputRange: o.inputRange,
      ...o.mean ? { mean: o.mean } : {},
      ...o.std ? { std: o.std } : {},
      ...o.layout ? { layout: o.layout } : {},
      ...o.size ? { size: o.size } : {},
      outputs: o.outputs
    },
    ...artifacts ? { artifacts } : {},
    evidence: found.evidence,
    transfer: found.transfer,
    recovered: recoveredTrigger(worst.swept.result, found, input.height, input.width),
    ...wholeImageOf(worst.swept.result),
    cached: scans.every((s) => s.swept?.cached)
  };
}
var round2 = (p) => Math.round(p * 1e4) / 1e4;
function wholeImageOf(result) {
  const finding = result.wholeImage && strongestFinding(result.wholeImage);
  return finding ? { wholeImage: finding } : {};
}
function portable(options, config, weights, threshold, judge) {
  const { onModelStart: _start, onProgress: _progress, signal: _signal, ...rest } = options;
  return { ...rest, config, weights, threshold, judge };
}
async function scanSandboxedModel(file, index, total, sent, onProgress, onVerdict) {
  const { config, weights, threshold, judge, ...options } = sent;
  return scanOne(file, index, total, { ...options, onProgress }, config, weights, threshold, judge, onVerdict);
}
async function scanModels(files, options = {}) {
  const weights = options.weights ?? loadWeights();
  const threshold = options.threshold ?? weights.threshold;
  const judge = crypto2.createHash("sha256").update(JSON.stringify(weights)).update(String(threshold)).digest("hex").slice(0, 16);
  const config = options.config ?? (options.configFile ? loadScanConfig(options.configFile) : void 0);
  if (options.cacheDir) fs5.mkdirSync(options.cacheDir, { recursive: true });
  const threads = options.threads ?? options.signature?.threads ?? defaultThreads();
  const jobs = Math.max(1, Math.min(options.jobs ?? 1, files.length, threads));
  const perModel = { ...options, threads: Math.max(1, Math.floor(threads / jobs)) };
  const sent = portable(perModel, config, weights, threshold, judge);
  const limits = { timeoutSeconds: options.timeout ?? DEFAULT_TIMEOUT_SECONDS, memoryBytes: options.memory ?? defaultMemoryBytes(jobs) };
  const reports = new Array(files.length);
  let next = 0;
  const lane = async () => {
    for (let index = next++; index < files.length; index = next++) {
      const file = files[index];
      if (options.signal?.aborted) {
        reports[index] = errorEntry(file, "ABORTED", "the scan was stopped before this model started", 0);
        continue;
      }
      options.onModelStart?.(index, files.length, file);
      const progress = (p) => options.onProgress?.(index, files.length, file, p);
      reports[index] = options.isolate === false ? await scanOne(file, index, files.length, perModel, config, weights, threshold, judge).catch((error) => entryIfAborted(file, error)) : await scanInSandbox({ file, index, total: files.length, options: sent, device: currentDevice() }, limits, progress, options.signal);
    }
  };
  await Promise.all(Array.from({ length: jobs }, lane));
  return buildReport(reports, threshold, packageVersion());
}
function entryIfAborted(file, error) {
  if (!(error instanceof OnepixelError && error.code === "ABORTED")) throw error;
  return errorEntry(file, "ABORTED", STOPPED_UNFINISHED, 0);
}

export {
  errorEntry,
  buildReport,
  boxText,
  BOX_MEANING,
  triggerText,
  conventionText,
  notableWholeImage,
  wholeImageSentence,
  transferSentence,
  TRIGGER_KINDS,
  CHANGE_FAMILIES,
  WHOLE_IMAGE_STRENGTHS,
  unpackPattern,
  Minimatch,
  parseScanConfig,
  configSettings,
  MAX_TIMEOUT_SECONDS,
  MAX_MEMORY_MB,
  scanSandboxedModel,
  scanModels
};
