/**
 * The PHP 8.2 fixes ganglia-web 3.7.5 (Debian bookworm) needs, applied idempotently to the
 * package's files: each edit is skipped when its result is already there, applied when its
 * original text is there, and refused (naming the file and the fix) when neither is, which means
 * the package changed and the fix must be looked at again. An upgrade of the package reverts the
 * edits; provisioning applies them again. Fixes that need no edit of the package (the `each()`
 * shim, the /javascript alias) live in the Apache configuration (httpd-conf.ts).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { MonitoringError } from '../errors';

/** Where Debian installs ganglia-web. */
export const GANGLIA_WEB_ROOT = '/usr/share/ganglia-webfrontend';

interface Edit {
  readonly file: string;
  readonly why: string;
  readonly find: string;
  readonly replace: string;
}

const EDITS: readonly Edit[] = [
  {
    file: 'lib/common_api.php',
    why: 'PHP 8 passes 4 arguments to error handlers (no $errcontext)',
    find: 'function ganglia_api_error_handler ($no, $str, $file, $line, $context)',
    replace: 'function ganglia_api_error_handler ($no, $str, $file, $line, $context = null)',
  },
  {
    file: 'ganglia.php',
    why: '$SKIP_GMETAD_CONTEXTS is not in scope when included inside a function',
    find: 'in_array($context, $SKIP_GMETAD_CONTEXTS)',
    replace: 'in_array($context, $SKIP_GMETAD_CONTEXTS ?? array())',
  },
  {
    file: 'get_ganglia.php',
    why: '$SKIP_GMETAD_CONTEXTS is not in scope when included inside a function',
    find: 'in_array($context, $SKIP_GMETAD_CONTEXTS)',
    replace: 'in_array($context, $SKIP_GMETAD_CONTEXTS ?? array())',
  },
  {
    file: 'dwoo/Dwoo/Compiler.php',
    why: 'PHP 8 treats string keys given to call_user_func_array as named parameters',
    find: 'call_user_func_array($funcCompiler, $params)',
    replace: 'call_user_func_array($funcCompiler, array_values($params))',
  },
  {
    file: 'cluster_view.php',
    why: 'bare-word array key LOCALTIME is an undefined constant in PHP 8',
    find: '$cluster[LOCALTIME]',
    replace: "$cluster['LOCALTIME']",
  },
  {
    file: 'api/host.php',
    why: 'bare-word array key LOCALTIME is an undefined constant in PHP 8',
    find: '$cluster[LOCALTIME]',
    replace: "$cluster['LOCALTIME']",
  },
  {
    file: 'functions.php',
    why: 'an aggregate graph whose regexes match no metric calls ksort(null), a TypeError in PHP 8',
    find: '      ksort($metric_matches);',
    replace: '      if (isset($metric_matches)) ksort($metric_matches);',
  },
  {
    file: 'functions.php',
    why: 'a host of an aggregate graph without one of its metrics calls in_array(null), a TypeError in PHP 8',
    find: "in_array($host_name, $index_array['metrics'][$m_name]))",
    replace: "in_array($host_name, $index_array['metrics'][$m_name] ?? array()))",
  },
  {
    file: 'graph.php',
    why: 'the month graph divides the string "now" by 672',
    find: "  $rrdtool_graph['end'] = floor($rrdtool_graph['end'] / 672) * 672;",
    replace:
      "  $rrdtool_graph['end'] = is_numeric($rrdtool_graph['end']) ? floor($rrdtool_graph['end'] / 672) * 672 : $rrdtool_graph['end'];",
  },
];

/** What {@link applyPhp8Fixes} did to each file. */
export interface FixReport {
  readonly applied: readonly string[];
  readonly alreadyApplied: readonly string[];
}

/**
 * Applies the fixes under `webRoot` (the package's directory; a copy in tests). Throws a
 * {@link MonitoringError} `php-fix-mismatch` naming every file where neither the original nor the
 * fixed text is found, before writing anything.
 */
export function applyPhp8Fixes(webRoot: string = GANGLIA_WEB_ROOT): FixReport {
  const contents = new Map<string, string>();
  const problems: string[] = [];
  for (const e of EDITS) {
    const file = path.join(webRoot, e.file);
    if (!existsSync(file)) {
      problems.push(`${file}: missing (fix: ${e.why})`);
      continue;
    }
    const text = contents.get(file) ?? readFileSync(file, 'utf8');
    contents.set(file, text);
    if (!text.includes(e.replace) && !text.includes(e.find)) {
      problems.push(`${file}: neither the original nor the fixed text found (fix: ${e.why})`);
    }
  }
  if (problems.length) {
    throw new MonitoringError(
      'php-fix-mismatch',
      `ganglia-web does not look like 3.7.5 as Debian ships it:\n  ${problems.join('\n  ')}`,
      {
        hint: `Reinstall it (apt-get install --reinstall ganglia-webfrontend) or review monitoring/web/php8-fixes.ts for this version.`,
      },
    );
  }
  const applied: string[] = [];
  const already: string[] = [];
  for (const e of EDITS) {
    const file = path.join(webRoot, e.file);
    const text = contents.get(file) ?? '';
    const label = `${e.file}: ${e.why}`;
    // No fix's result contains its original text, so "original gone" means "applied".
    if (!text.includes(e.find)) {
      already.push(label);
      continue;
    }
    contents.set(file, text.split(e.find).join(e.replace));
    applied.push(label);
  }
  for (const [file, text] of contents) {
    if (text !== readFileSync(file, 'utf8')) writeFileSync(file, text);
  }
  return { applied, alreadyApplied: already };
}

/**
 * PHP loaded before every ganglia-web page (`auto_prepend_file`): `each()` and
 * `get_magic_quotes_gpc()`, which PHP 8 removed and the bundled Dwoo 1.2 still calls.
 */
export const PHP8_SHIM = `<?php
/* generated by the testbed: functions PHP 8 removed that ganglia-web 3.7.5 still calls */
if (!function_exists('each')) {
  function each(array &$array) {
    $key = key($array);
    if ($key === null) {
      return false;
    }
    $value = current($array);
    next($array);
    return array(1 => $value, 'value' => $value, 0 => $key, 'key' => $key);
  }
}
if (!function_exists('get_magic_quotes_gpc')) {
  function get_magic_quotes_gpc() {
    return false;
  }
}
`;
