"""zh-CN translations of the console's messages; `python tools/translations_zh.py` writes
the Babel catalog src/aftersales/web/locale/zh_CN/LC_MESSAGES/messages.po from this table."""

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

ZH = {
    "Active": "启用", "Aftersales": "售后服务", "All": "全部", "Back to my work": "返回我的工作",
    "Brand": "品牌", "Category": "品类", "Code": "代码", "Counter": "专柜", "Counters": "专柜",
    "Customer": "顾客", "Customer phone": "顾客电话", "Customers": "顾客",
    "Display name": "姓名", "E-mail": "电子邮件", "Edit user": "编辑用户", "Floor": "楼层",
    "From": "起始日期", "History": "变更记录", "Item": "商品", "Items": "商品",
    "Log in": "登录", "Log out": "退出", "Member": "会员", "Member no.": "会员号",
    "My work": "我的工作", "Name": "名称", "Name, phone or member no.": "姓名、电话或会员号",
    "New counter": "新增专柜", "New store": "新增门店", "New user": "新增用户",
    "Next page": "下一页", "No changes recorded.": "暂无变更记录。",
    "No customers found.": "未找到顾客。", "No receipts found.": "未找到小票。",
    "Not a valid Chinese phone number": "不是有效的中国电话号码", "Paid": "实付",
    "Password": "密码", "Phone": "电话", "Purchases": "购买记录", "Qty": "数量",
    "Receipt": "小票", "Receipt no.": "小票号", "Receipts": "小票查询",
    "Recent sales I can see": "我可见的近期销售", "Role": "角色", "Save": "保存",
    "Scope": "范围", "Search": "查询",
    "Search by name, phone or member number.": "按姓名、电话或会员号查询。",
    "Search by receipt number, the customer's phone, dates, store or counter.":
        "按小票号、顾客电话、日期、门店或专柜查询。",
    "Sold at": "销售时间", "Staff": "营业员", "Store": "门店", "Stores and counters": "门店与专柜",
    "Tag price": "吊牌价", "To": "截止日期", "Total paid": "实付合计", "Username": "用户名",
    "Users": "用户", "after": "之后", "before": "之前", "group": "集团", "saved": "已保存",
    "Username or password is wrong": "用户名或密码错误",
    # roles
    "staff": "专柜员工", "counter_manager": "专柜店长", "floor_supervisor": "现场主管",
    "manager_assistant": "经理助理", "dept_manager": "商品部经理",
    "complaint_station": "投诉站", "technician": "维修技术员", "warehouse": "仓管",
    "inspector": "督导", "admin": "管理员",
    # categories and audit actions
    "apparel": "服装", "knitwear": "针织", "footwear": "鞋类", "appliance": "家电",
    "mobile_phone": "手机", "general": "百货", "created": "创建", "updated": "修改",
    "sales_imported": "导入销售",
}


def main() -> None:
    catalog = Catalog(locale="zh_CN", project="aftersales")
    for message_id, text in sorted(ZH.items()):
        catalog.add(message_id, text)
    target = Path(__file__).parents[1] / "src/aftersales/web/locale/zh_CN/LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    with (target / "messages.po").open("wb") as fh:
        write_po(fh, catalog, width=100)


if __name__ == "__main__":
    main()
