"""Realistic bilingual help-center entries for benchmarks and load tests.

Entries are built from parallel Chinese/English phrase banks (products, problems, actions,
places, times), with sentence counts drawn from a long-tailed distribution, so the index
sees a believable vocabulary and length mix rather than one line repeated. Generated
entries' slugs start with GENERATED_PREFIX, which is how `--clear` finds them again.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

GENERATED_PREFIX = "gen-"

PRODUCTS = [
    ("蓝牙耳机", "Bluetooth headphones"),
    ("手机壳", "phone case"),
    ("咖啡机", "coffee machine"),
    ("电子书阅读器", "e-reader"),
    ("智能音箱", "smart speaker"),
    ("笔记本电脑", "laptop"),
    ("运动鞋", "running shoes"),
    ("儿童玩具", "children's toy"),
    ("保温杯", "insulated bottle"),
    ("床上用品", "bedding set"),
    ("电动牙刷", "electric toothbrush"),
    ("显示器", "monitor"),
    ("机械键盘", "mechanical keyboard"),
    ("充电器", "charger"),
    ("空气净化器", "air purifier"),
    ("背包", "backpack"),
    ("厨房刀具", "kitchen knife set"),
    ("游戏手柄", "game controller"),
    ("智能手表", "smartwatch"),
    ("吸尘器", "vacuum cleaner"),
    ("相机镜头", "camera lens"),
    ("图书", "book"),
    ("护肤品", "skincare set"),
    ("宠物用品", "pet supplies"),
    ("办公椅", "office chair"),
    ("路由器", "router"),
    ("平板电脑", "tablet"),
    ("行李箱", "suitcase"),
    ("台灯", "desk lamp"),
    ("婴儿推车", "stroller"),
]
PROBLEMS = [
    ("收到时外包装破损", "arrived with the box damaged"),
    ("无法开机", "won't turn on"),
    ("缺少配件", "is missing parts"),
    ("颜色与描述不符", "is not the colour described"),
    ("尺寸不合适", "is the wrong size"),
    ("充不进电", "won't charge"),
    ("使用几天后出现故障", "stopped working after a few days"),
    ("发错了型号", "is the wrong model"),
    ("有明显划痕", "has visible scratches"),
    ("物流显示已签收但没收到", "shows as delivered but never arrived"),
    ("配送延迟超过一周", "is more than a week late"),
    ("发票信息错误", "has the wrong invoice details"),
    ("被重复扣款", "was charged twice"),
    ("优惠券没有生效", "didn't get the coupon discount"),
    ("退款一直没有到账", "refund still hasn't arrived"),
    ("保修无法激活", "warranty can't be activated"),
]
# Sentences by topic: an entry draws mostly from its own topic, as real articles do.
TOPIC_SENTENCES = {
    "delivery": [
        (
            "请先在订单详情页核对物流状态。",
            "First check the delivery status on the order details page.",
        ),
        (
            "如果快递显示已签收,请先询问家人、邻居或快递柜。",
            "If the parcel shows as delivered, ask family, neighbours or check the parcel locker.",
        ),
        (
            "偏远地区的配送可能需要额外两到三天。",
            "Deliveries to remote areas can take two or three extra days.",
        ),
        (
            "节假日期间物流信息可能更新较慢。",
            "Tracking can update more slowly over public holidays.",
        ),
        (
            "您可以在配送前修改收货时间。",
            "You can change the delivery slot before the parcel is dispatched.",
        ),
        (
            "大件商品由专门的承运商配送并需要预约。",
            "Large items come with a specialist carrier and need an appointment.",
        ),
    ],
    "returns": [
        (
            "在退换货中心提交申请,选择最符合的原因。",
            "Submit a request in the returns centre and choose the reason that fits best.",
        ),
        (
            "请在收到商品后三十天内申请退货。",
            "Request a return within thirty days of receiving the item.",
        ),
        (
            "退款通常会在审核通过后三到五个工作日内退回原支付方式。",
            "Refunds reach your original payment method three to five working days after approval.",
        ),
        ("请保留所有原始包装和配件。", "Keep all the original packaging and accessories."),
        (
            "部分商品如定制商品不支持无理由退货。",
            "Some items, such as personalised ones, can't be returned without a fault.",
        ),
        ("退货运单号请妥善保存。", "Keep the tracking number of your return parcel."),
    ],
    "account": [
        (
            "修改密码后,请检查账户中的登录设备。",
            "After changing your password, check the devices signed in to your account.",
        ),
        ("开启两步验证可以更好地保护账户安全。", "Two-step verification keeps your account safer."),
        (
            "如果收到可疑邮件,请不要点击其中的链接。",
            "If you get a suspicious email, don't click its links.",
        ),
        (
            "账户被锁定后需要通过验证身份才能解锁。",
            "A locked account is unlocked after you verify your identity.",
        ),
        (
            "您可以在账户设置中更新手机号和邮箱。",
            "You can update your phone number and email in your account settings.",
        ),
    ],
    "payment": [
        (
            "被重复扣款的金额通常会自动退回。",
            "A duplicate charge is usually reversed automatically.",
        ),
        ("优惠券需要在结算时输入才能生效。", "Coupons only apply when you enter them at checkout."),
        (
            "礼品卡余额可以在账户页面的礼品卡栏目查看。",
            "You can see your gift card balance in the gift card section of your account.",
        ),
        ("发票可以在订单详情页下载。", "You can download the invoice from the order details page."),
        ("分期付款的手续费以银行的规定为准。", "Instalment fees depend on your bank's terms."),
    ],
    "device": [
        ("请先按照说明书进行故障排查。", "First try the troubleshooting steps in the manual."),
        (
            "如果商品仍在保修期内,可以申请免费维修或更换。",
            "If the item is still under warranty, you can ask for a free repair or replacement.",
        ),
        (
            "更新到最新固件通常可以解决连接问题。",
            "Updating to the latest firmware often fixes connection problems.",
        ),
        ("请使用原装充电器和数据线。", "Use the original charger and cable."),
        ("重置设备会清除所有设置。", "Resetting the device clears all its settings."),
    ],
    "support": [
        (
            "联系客服时提供订单号和问题描述。",
            "When you contact customer service, give your order number and describe the problem.",
        ),
        (
            "请保持电话畅通,客服可能会回电确认细节。",
            "Keep your phone free: customer service may call back to confirm the details.",
        ),
        (
            "您也可以在帮助中心搜索相关文章。",
            "You can also search the help centre for related articles.",
        ),
        (
            "若问题仍未解决,可以要求升级处理。",
            "If the problem is still not solved, you can ask for it to be escalated.",
        ),
        (
            "拍下商品和包装的照片,作为证据提交。",
            "Take photos of the item and its packaging and send them as evidence.",
        ),
    ],
}
TOPICS = list(TOPIC_SENTENCES)
# How likely a sentence comes from the entry's own topic rather than any other.
ON_TOPIC = 0.85
PLACES = [
    ("华东", "East China"),
    ("华南", "South China"),
    ("北京", "Beijing"),
    ("上海", "Shanghai"),
    ("香港", "Hong Kong"),
    ("台湾", "Taiwan"),
    ("海外", "overseas"),
    ("企业客户", "business customers"),
]
CHANNEL_KINDS = [
    ("专线电话", "dedicated phone line"),
    ("在线客服", "online support"),
    ("邮件支持", "email support"),
    ("视频客服", "video support"),
    ("上门服务", "home visit service"),
    ("社区问答", "community Q&A"),
]
TIP_TOPICS = [
    ("保存好购物凭证", "Keep your receipts"),
    ("开箱时录像", "Film the unboxing"),
    ("核对收货地址", "Double-check the delivery address"),
    ("开启两步验证", "Turn on two-step verification"),
    ("避开高峰时段", "Avoid busy hours"),
    ("使用官方渠道", "Use official channels only"),
    ("记录沟通时间", "Note when you talked to support"),
    ("比较退货选项", "Compare your return options"),
]
STEP_TITLES = [
    ("登录账户", "Sign in"),
    ("打开帮助中心", "Open the help centre"),
    ("选择问题类型", "Choose the type of problem"),
    ("填写表单", "Fill in the form"),
    ("上传照片", "Upload photos"),
    ("提交申请", "Submit the request"),
    ("等待回复", "Wait for the reply"),
    ("确认处理结果", "Confirm the outcome"),
    ("保存工单号", "Save the case number"),
]
# How many sentences an entry's body has: mostly a few, sometimes many.
SENTENCE_COUNTS = [1, 2, 3, 4, 5, 6, 8, 10, 14]
SENTENCE_WEIGHTS = [8, 20, 22, 16, 11, 8, 7, 5, 3]


@dataclass
class Text:
    zh: str
    en: str


def sentences(rng: random.Random, topic: str) -> Text:
    """Return a body of parallel sentences with a long-tailed length, mostly on one topic."""
    count = rng.choices(SENTENCE_COUNTS, SENTENCE_WEIGHTS)[0]
    chosen = [
        rng.choice(TOPIC_SENTENCES[topic if rng.random() < ON_TOPIC else rng.choice(TOPICS)])
        for _ in range(count)
    ]
    return Text("".join(zh for zh, _en in chosen), " ".join(en for _zh, en in chosen))


def issue_text(rng: random.Random) -> dict[str, Text]:
    product = rng.choice(PRODUCTS)
    problems = rng.sample(PROBLEMS, rng.randint(2, 5))
    title = Text(f"{product[0]}{problems[0][0]}", f"My {product[1]} {problems[0][1]}")
    return {
        "title": title,
        "problems": Text(
            "\n".join(f"{product[0]}{zh}" for zh, _en in problems),
            "\n".join(f"The {product[1]} {en}" for _zh, en in problems),
        ),
        "solution": sentences(rng, rng.choice(TOPICS)),
        "prepare": Text("订单号\n商品照片", "Your order number\nPhotos of the item"),
    }


def tip_text(rng: random.Random) -> dict[str, Text]:
    topic, place = rng.choice(TIP_TOPICS), rng.choice(PLACES)
    return {
        "title": Text(f"{topic[0]}({place[0]})", f"{topic[1]} ({place[1]})"),
        "body": sentences(rng, rng.choice(TOPICS)),
    }


def channel_text(rng: random.Random) -> dict:
    kind, place = rng.choice(CHANNEL_KINDS), rng.choice(PLACES)
    step_titles = rng.sample(STEP_TITLES, rng.randint(3, len(STEP_TITLES)))
    topic = rng.choice(TOPICS)
    return {
        "name": Text(f"{place[0]}{kind[0]}", f"{kind[1].capitalize()} ({place[1]})"),
        "title": Text(f"如何使用{place[0]}{kind[0]}", f"How to use {kind[1]} ({place[1]})"),
        "when_to_use": Text(f"适用于{place[0]}地区的{kind[0]}。", f"For {place[1]} customers."),
        "intro": sentences(rng, topic),
        "steps": [(Text(*title), sentences(rng, topic)) for title in step_titles],
        "notes": [Text(*rng.choice(TOPIC_SENTENCES[topic])) for _ in range(rng.randint(1, 4))],
    }
