/** The user agreement, linked from the sign-in page and the privacy sheet. Static text only. */
Page({});
