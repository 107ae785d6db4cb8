import simulate from 'miniprogram-simulate';

/**
 * The WeUI components the pages use (`weui-miniprogram/...`), for page tests. In WeChat they come
 * from the extended library (`useExtendedLib: { weui: true }`), which the simulator cannot load;
 * each stand-in here keeps the component's properties and renders its slots where WeUI does, so
 * a test sees what the page passes in and what it shows (a closed dialog shows nothing).
 */

const loadDefinition = simulate.load as unknown as (definition: Record<string, unknown>) => string;

const DEFINITIONS: Record<string, Record<string, unknown>> = {
  'weui-miniprogram/cells/cells': {
    properties: { title: String, footer: String, extClass: String },
    template:
      '<view class="weui-cells__group"><view class="weui-cells__title">{{title}}</view>' +
      '<view class="weui-cells"><slot/></view><view class="weui-cells__tips">{{footer}}</view></view>',
  },
  'weui-miniprogram/cell/cell': {
    options: { multipleSlots: true },
    properties: { title: String, footer: String, extClass: String, showError: Boolean },
    template:
      '<view class="weui-cell {{extClass}}"><view class="weui-cell__hd">{{title}}<slot name="title"/></view>' +
      '<view class="weui-cell__bd"><slot/></view><view class="weui-cell__ft">{{footer}}<slot name="footer"/></view></view>',
  },
  'weui-miniprogram/half-screen-dialog/half-screen-dialog': {
    options: { multipleSlots: true },
    properties: {
      show: Boolean,
      title: String,
      subTitle: String,
      desc: String,
      closabled: { type: Boolean, value: true },
      maskClosable: { type: Boolean, value: true },
      extClass: String,
    },
    template:
      '<view wx:if="{{show}}" class="weui-half-screen-dialog">' +
      '<view class="weui-half-screen-dialog__title">{{title}}<slot name="title"/></view>' +
      '<view class="weui-half-screen-dialog__desc">{{desc}}<slot name="desc"/></view>' +
      '<view class="weui-half-screen-dialog__ft"><slot name="footer"/></view></view>',
  },
};

const registered = new Map<string, string>();

/** The simulator's id of the stand-in for a `usingComponents` path of WeUI. */
export function weuiStandIn(path: string): string {
  const known = registered.get(path);
  if (known) return known;
  const definition = DEFINITIONS[path];
  if (!definition) throw new Error(`no stand-in for ${path}: add it to test/weui-stand-ins.ts`);
  const id = loadDefinition(definition);
  registered.set(path, id);
  return id;
}
