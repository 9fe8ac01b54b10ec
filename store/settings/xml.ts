import { SaxesParser } from 'saxes';

import { SettingsError } from '../errors';

/** An element of a parsed descriptor, with where it starts (1-based line and column). */
export interface XmlElement {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlElement[];
  /** Concatenated text content (entities decoded). */
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

interface MutableElement {
  name: string;
  attributes: Map<string, string>;
  children: MutableElement[];
  text: string;
  line: number;
  column: number;
}

/**
 * Parses a descriptor into elements that remember their position, so every validation message can
 * name the file and line. Malformed XML is a {@link SettingsError} at the offending position.
 */
export function parseXml(xml: string, file?: string): XmlElement {
  const parser = new SaxesParser({ position: true });
  const stack: MutableElement[] = [];
  let root: MutableElement | undefined;
  // saxes reports the position after the tag name; remember where each tag opened (its '<').
  let tagLine = 1;
  let tagColumn = 1;
  parser.on('opentagstart', (tag) => {
    tagLine = parser.line;
    tagColumn = Math.max(1, parser.column - tag.name.length - 1);
  });
  parser.on('opentag', (tag) => {
    const element: MutableElement = {
      name: tag.name,
      attributes: new Map(Object.entries(tag.attributes as Record<string, string>)),
      children: [],
      text: '',
      line: tagLine,
      column: tagColumn,
    };
    const parent = stack.at(-1);
    if (parent) parent.children.push(element);
    else root = element;
    stack.push(element);
  });
  parser.on('text', (text) => {
    const current = stack.at(-1);
    if (current) current.text += text;
  });
  parser.on('cdata', (text) => {
    const current = stack.at(-1);
    if (current) current.text += text;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  try {
    parser.write(xml).close();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // saxes messages start with "line:column: ".
    const m = /^(\d+):(\d+): (.*)$/s.exec(message);
    throw new SettingsError(
      `malformed XML: ${m?.[3] ?? message}`,
      { ...(file ? { file } : {}), ...(m ? { line: Number(m[1]), column: Number(m[2]) } : {}) },
      'Fix the XML syntax at that position (every element closed, attributes quoted).',
    );
  }
  if (!root)
    throw new SettingsError(
      'the descriptor is empty',
      file ? { file } : {},
      'Write a <persistence> root element.',
    );
  return root;
}
