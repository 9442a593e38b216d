"""Texts written for the tests that more than one module reads."""

# A page in Chinese, written for these tests: the summarizer may find no sentence it can use.
CHINESE_PAGE = (
    "<html lang='zh'><head><meta charset='utf-8'><title>港口议会批准新渡轮码头</title></head>"
    "<body><article><h1>港口议会批准新渡轮码头</h1>"
    "<p>港口议会星期一开会，同意了新渡轮码头的计划，工程将在春天开始，居民下个月可以在市政厅"
    "发表意见。</p>"
    "<p>议会主席安娜说，码头的设计已经完成，费用由市政府和渡轮公司共同承担，新码头每天可以"
    "接待三千名乘客。</p>"
    "<p>一些居民担心交通会更加拥挤，议会表示将修建新的停车场，并增加公共汽车的班次。</p>"
    "</article></body></html>"
)
# Results with no sentence in them: there is nothing a summary could be made of.
RESULTS_TEXT = "Weekend results\n" + "\n".join(
    f"Eastport Rovers {home}, Westmere Town {away} (Berg 12, Kowal 77)" for home, away in
    [(2, 1), (0, 0), (3, 2), (1, 4), (2, 2), (5, 0), (1, 1), (0, 3)])
