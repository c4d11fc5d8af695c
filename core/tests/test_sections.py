from django.dispatch import Signal

from core.lib.sections import NavItem, Section, collect


def test_collect_flattens_and_orders_answers():
    signal = Signal()

    def one(**kwargs):
        return Section(20, "b.html")

    def many(**kwargs):
        return [NavItem(30, "c", "/c/"), Section(10, "a.html", {"x": kwargs["request"]})]

    def silent(**kwargs):
        return None

    for receiver in (one, many, silent):
        signal.connect(receiver, weak=False)

    items = collect(signal, request="r")

    assert [item.order for item in items] == [10, 20, 30]
    assert items[0].context == {"x": "r"}
