import { decryptKv, useNone } from './datastore.js';
import {
  fromJsonString,
  fromYamlString,
  jsonEscape,
  toComplex,
  toJsonString,
  toYamlString,
  tojson,
} from './json.js';
import { jsonpathQuery } from './jsonpath.js';
import { basename, dirname } from './path.js';
import { regexMatch, regexReplace, regexSearch, regexSubstring } from './regex.js';
import { toHumanTimeFromSeconds } from './time.js';
import {
  versionBumpMajor,
  versionBumpMinor,
  versionBumpPatch,
  versionCompare,
  versionEqual,
  versionLessThan,
  versionMatch,
  versionMoreThan,
  versionStripPatch,
} from './version.js';

type Filter = (this: unknown, ...args: never[]) => unknown;
type LooseFilter = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Python keyword arguments (`to_json_string(indent=2, sort_keys=True)`): nunjucks passes them as
 * a trailing object marked `__keywords`; they are moved to their positions here.
 */
function withKeywords(filter: Filter, parameters: readonly string[]): Filter {
  const loose = filter as LooseFilter;
  return function keywords(this: unknown, value: unknown, ...args: unknown[]) {
    const last = args[args.length - 1];
    if (
      typeof last !== 'object' ||
      last === null ||
      (last as Record<string, unknown>)['__keywords'] !== true
    ) {
      return loose.call(this, value, ...args);
    }
    const positional = args.slice(0, -1);
    for (const [key, item] of Object.entries(last)) {
      if (key === '__keywords') continue;
      const index = parameters.indexOf(key);
      if (index < 0)
        throw new TypeError(
          `unexpected keyword argument "${key}" (this filter takes ${parameters.join(', ')})`,
        );
      positional[index] = item;
    }
    return loose.call(this, value, ...positional);
  };
}

/** StackStorm's filters by name (st2common/util/jinja.py get_filters), plus Jinja's tojson. */
export const ST2_FILTERS: Record<string, Filter> = {
  decrypt_kv: decryptKv,
  from_json_string: fromJsonString,
  from_yaml_string: fromYamlString,
  json_escape: jsonEscape,
  jsonpath_query: withKeywords(jsonpathQuery, ['query']),
  to_complex: toComplex,
  to_json_string: withKeywords(toJsonString, ['indent', 'sort_keys', 'separators']),
  to_yaml_string: withKeywords(toYamlString, ['indent', 'allow_unicode']),
  tojson: withKeywords(tojson, ['indent']),
  regex_match: withKeywords(regexMatch, ['pattern', 'ignorecase']),
  regex_replace: withKeywords(regexReplace, ['pattern', 'replacement', 'ignorecase']),
  regex_search: withKeywords(regexSearch, ['pattern', 'ignorecase']),
  regex_substring: withKeywords(regexSubstring, ['pattern', 'result_index', 'ignorecase']),
  to_human_time_from_seconds: toHumanTimeFromSeconds,
  version_compare: versionCompare,
  version_more_than: versionMoreThan,
  version_less_than: versionLessThan,
  version_equal: versionEqual,
  version_match: versionMatch,
  version_bump_major: versionBumpMajor,
  version_bump_minor: versionBumpMinor,
  version_bump_patch: versionBumpPatch,
  version_strip_patch: versionStripPatch,
  use_none: useNone,
  basename,
  dirname,
};
