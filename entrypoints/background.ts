import { defineBackground } from 'wxt/utils/define-background';
import communityListText from '../src/data/lists/third-party/blocklistproject-drugs.txt?raw';
import { startBackground } from '../src/extension/background/start-background';

export default defineBackground(() => {
  startBackground(communityListText);
});
