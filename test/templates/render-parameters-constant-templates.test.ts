import { expect, it } from 'vitest';
import { renderParameters } from '../../src/templates/render-parameters.js';
it('renders templates that read no variable', () => {
  expect(
    renderParameters({ a: '{{ 1 + 2 }}', b: 'x {% raw %}{{.Names}}{% endraw %}', c: 'plain' }, {}, {}),
  ).toEqual({ a: 3, b: 'x {{.Names}}', c: 'plain' });
});
