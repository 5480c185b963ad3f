import type { Storefront } from '../db/tables/sellers.js';

/**
 * The demo's seller organisations: shops from the three provinces most cross-border sellers come from, each
 * taken to a different point of verification (its `story`).
 */

export type Story =
  | 'draft_partial'
  | 'draft_complete'
  | 'submitted'
  | 'under_review'
  | 'revision_requested'
  | 'resubmitted'
  | 'verified'
  | 'expiring'
  | 'rejected'
  | 'reverification';

export type Province = 'Guangdong' | 'Zhejiang' | 'Fujian';

export interface SellerSpec {
  n: number;
  story: Story;
  /** When the organisation registered. */
  daysAgo: number;
  owner: { nameZh: string; nameLatin: string; sex: 'M' | 'F'; born: string };
  shopName: string;
  legalNameZh: string;
  legalNameEn: string;
  businessType: 'individual' | 'company';
  region: Province;
  city: string;
  district: string;
  /** Administrative division code, as it starts resident ID numbers. */
  divisionCode: string;
  addressZh: string;
  addressEn: string;
  contactEmail: string;
  contactPhone: string;
  storefronts: Storefront[];
  company?: { scopeZh: string; scopeEn: string; capitalZh: string; capitalEn: string; establishedOn: string; typeZh: string };
}

const LLC = '有限责任公司(自然人投资或控股)';

export const SELLERS: SellerSpec[] = [
  {
    n: 1,
    story: 'verified',
    daysAgo: 150,
    owner: { nameZh: '李伟', nameLatin: 'Li Wei', sex: 'M', born: '1986-04-17' },
    shopName: 'Xinghe Digital',
    legalNameZh: '深圳市星河电子商务有限公司',
    legalNameEn: 'Shenzhen Xinghe E-commerce Co., Ltd.',
    businessType: 'company',
    region: 'Guangdong',
    city: 'Shenzhen',
    district: 'Futian',
    divisionCode: '440304',
    addressZh: '深圳市福田区华强北路1002号赛格广场3楼',
    addressEn: '3F SEG Plaza, 1002 Huaqiang North Rd, Futian, Shenzhen 518031',
    contactEmail: 'liwei@xinghe-digital.example',
    contactPhone: '+86 755 8321 5507',
    storefronts: [
      { platform: 'AliExpress', name: 'Xinghe Digital Store' },
      { platform: 'Taobao', name: '星河数码旗舰店' },
    ],
    company: {
      typeZh: LLC,
      scopeZh: '电子产品、通讯设备的销售；网上贸易；货物及技术进出口。',
      scopeEn: 'Sale of electronics and communication equipment; online trade; import and export of goods and technology.',
      capitalZh: '人民币伍佰万元',
      capitalEn: 'CNY 5,000,000',
      establishedOn: '2017-03-15',
    },
  },
  {
    n: 2,
    story: 'expiring',
    daysAgo: 120,
    owner: { nameZh: '陈静', nameLatin: 'Chen Jing', sex: 'F', born: '1984-09-02' },
    shopName: 'Joyful Crafts Yiwu',
    legalNameZh: '义乌市欢乐工艺品有限公司',
    legalNameEn: 'Yiwu Huanle Crafts Co., Ltd.',
    businessType: 'company',
    region: 'Zhejiang',
    city: 'Yiwu',
    district: 'Futian Subdistrict',
    divisionCode: '330782',
    addressZh: '义乌市福田街道国际商贸城二区H3-215',
    addressEn: 'Shop H3-215, District 2, International Trade City, Yiwu 322000',
    contactEmail: 'chenjing@joyfulcrafts.example',
    contactPhone: '+86 579 8552 1946',
    storefronts: [
      { platform: '1688', name: '欢乐工艺品厂' },
      { platform: 'Alibaba.com', name: 'Yiwu Huanle Crafts' },
    ],
    company: {
      typeZh: LLC,
      scopeZh: '工艺品、节日装饰品、日用百货的批发与零售；货物进出口。',
      scopeEn: 'Wholesale and retail of crafts, festive decorations and daily goods; import and export.',
      capitalZh: '人民币壹佰万元',
      capitalEn: 'CNY 1,000,000',
      establishedOn: '2016-04-20',
    },
  },
  {
    n: 3,
    story: 'under_review',
    daysAgo: 5,
    owner: { nameZh: '林志强', nameLatin: 'Lin Zhiqiang', sex: 'M', born: '1979-12-08' },
    shopName: 'Stride Footwear',
    legalNameZh: '泉州市步达鞋业有限公司',
    legalNameEn: 'Quanzhou Buda Footwear Co., Ltd.',
    businessType: 'company',
    region: 'Fujian',
    city: 'Jinjiang',
    district: 'Chendai Town',
    divisionCode: '350582',
    addressZh: '晋江市陈埭镇鞋业工业区8号',
    addressEn: 'No. 8 Footwear Industrial Zone, Chendai Town, Jinjiang 362211',
    contactEmail: 'lzq@stride-footwear.example',
    contactPhone: '+86 595 8578 3321',
    storefronts: [
      { platform: 'AliExpress', name: 'Stride Footwear Official' },
      { platform: 'Shopee', name: 'stride.footwear' },
    ],
    company: {
      typeZh: LLC,
      scopeZh: '鞋类、箱包的生产与销售；网上贸易。',
      scopeEn: 'Manufacture and sale of footwear and bags; online trade.',
      capitalZh: '人民币贰佰万元',
      capitalEn: 'CNY 2,000,000',
      establishedOn: '2012-06-01',
    },
  },
  {
    n: 4,
    story: 'submitted',
    daysAgo: 3,
    owner: { nameZh: '陈晓玲', nameLatin: 'Chen Xiaoling', sex: 'F', born: '1993-03-21' },
    shopName: 'Liyi Fashion',
    legalNameZh: '陈晓玲',
    legalNameEn: 'Chen Xiaoling',
    businessType: 'individual',
    region: 'Guangdong',
    city: 'Guangzhou',
    district: 'Baiyun',
    divisionCode: '440111',
    addressZh: '广州市白云区三元里大道1188号',
    addressEn: '1188 Sanyuanli Avenue, Baiyun, Guangzhou 510405',
    contactEmail: 'xiaoling@liyi-fashion.example',
    contactPhone: '+86 138 2716 4490',
    storefronts: [
      { platform: 'Taobao', name: '丽衣女装' },
      { platform: 'Weidian', name: 'Liyi Fashion' },
    ],
  },
  {
    n: 5,
    story: 'revision_requested',
    daysAgo: 9,
    owner: { nameZh: '王芳', nameLatin: 'Wang Fang', sex: 'F', born: '1981-07-11' },
    shopName: 'West Lake Silk',
    legalNameZh: '杭州西湖丝绸有限公司',
    legalNameEn: 'Hangzhou West Lake Silk Co., Ltd.',
    businessType: 'company',
    region: 'Zhejiang',
    city: 'Hangzhou',
    district: 'Xihu',
    divisionCode: '330106',
    addressZh: '杭州市西湖区文三路478号',
    addressEn: '478 Wensan Road, Xihu, Hangzhou 310013',
    contactEmail: 'wangfang@westlakesilk.example',
    contactPhone: '+86 571 8819 2035',
    storefronts: [
      { platform: 'Tmall', name: '西湖丝绸旗舰店' },
      { platform: 'AliExpress', name: 'West Lake Silk Store' },
    ],
    company: {
      typeZh: LLC,
      scopeZh: '丝绸服装、围巾及家纺产品的销售；货物进出口。',
      scopeEn: 'Sale of silk garments, scarves and home textiles; import and export.',
      capitalZh: '人民币叁佰万元',
      capitalEn: 'CNY 3,000,000',
      establishedOn: '2014-10-09',
    },
  },
  {
    n: 6,
    story: 'draft_partial',
    daysAgo: 1,
    owner: { nameZh: '林美', nameLatin: 'Lin Mei', sex: 'F', born: '1995-05-30' },
    shopName: 'Xiamen Tea Garden',
    legalNameZh: '林美',
    legalNameEn: 'Lin Mei',
    businessType: 'individual',
    region: 'Fujian',
    city: 'Xiamen',
    district: 'Siming',
    divisionCode: '350203',
    addressZh: '厦门市思明区中山路66号',
    addressEn: '66 Zhongshan Road, Siming, Xiamen 361001',
    contactEmail: 'linmei@xiamentea.example',
    contactPhone: '+86 159 0592 7781',
    storefronts: [{ platform: 'Taobao', name: '鹭岛茶园' }],
  },
  {
    n: 7,
    story: 'rejected',
    daysAgo: 30,
    owner: { nameZh: '黄俊', nameLatin: 'Huang Jun', sex: 'M', born: '1983-02-14' },
    shopName: 'Happy Toys Factory',
    legalNameZh: '东莞市乐趣玩具制造有限公司',
    legalNameEn: 'Dongguan Lequ Toys Manufacturing Co., Ltd.',
    businessType: 'company',
    region: 'Guangdong',
    city: 'Dongguan',
    district: "Chang'an Town",
    divisionCode: '441900',
    addressZh: '东莞市长安镇乌沙社区兴发南路18号',
    addressEn: "18 Xingfa South Road, Wusha, Chang'an Town, Dongguan 523861",
    contactEmail: 'huangjun@happytoys.example',
    contactPhone: '+86 769 8553 6120',
    storefronts: [
      { platform: 'Alibaba.com', name: 'Dongguan Lequ Toys' },
      { platform: 'Amazon', name: 'HappyToysFactory' },
    ],
    company: {
      typeZh: LLC,
      scopeZh: '玩具、塑胶制品的生产与销售；货物进出口。',
      scopeEn: 'Manufacture and sale of toys and plastic products; import and export.',
      capitalZh: '人民币伍佰万元',
      capitalEn: 'CNY 5,000,000',
      establishedOn: '2015-08-18',
    },
  },
  {
    n: 8,
    story: 'submitted',
    daysAgo: 7,
    owner: { nameZh: '周涛', nameLatin: 'Zhou Tao', sex: 'M', born: '1988-11-03' },
    shopName: 'Meiju Home Living',
    legalNameZh: '宁波市鄞州美居家居用品有限公司',
    legalNameEn: 'Ningbo Yinzhou Meiju Home Products Co., Ltd.',
    businessType: 'company',
    region: 'Zhejiang',
    city: 'Ningbo',
    district: 'Yinzhou',
    divisionCode: '330212',
    addressZh: '宁波市鄞州区天童南路588号',
    addressEn: '588 Tiantong South Road, Yinzhou, Ningbo 315100',
    contactEmail: 'zhoutao@meiju-home.example',
    contactPhone: '+86 574 8790 3318',
    storefronts: [
      { platform: 'Amazon', name: 'Meiju Home' },
      { platform: 'Temu', name: 'Meiju Home Living' },
    ],
    company: {
      typeZh: LLC,
      scopeZh: '家居用品、厨房用具的设计与销售；网上贸易。',
      scopeEn: 'Design and sale of home products and kitchenware; online trade.',
      capitalZh: '人民币贰佰万元',
      capitalEn: 'CNY 2,000,000',
      establishedOn: '2018-05-22',
    },
  },
  {
    n: 9,
    story: 'verified',
    daysAgo: 90,
    owner: { nameZh: '郑浩', nameLatin: 'Zheng Hao', sex: 'M', born: '1990-08-25' },
    shopName: 'Minjiang Phone Accessories',
    legalNameZh: '郑浩',
    legalNameEn: 'Zheng Hao',
    businessType: 'individual',
    region: 'Fujian',
    city: 'Fuzhou',
    district: 'Gulou',
    divisionCode: '350102',
    addressZh: '福州市鼓楼区五四路128号',
    addressEn: '128 Wusi Road, Gulou, Fuzhou 350003',
    contactEmail: 'zhenghao@minjiang-acc.example',
    contactPhone: '+86 137 0591 2248',
    storefronts: [
      { platform: 'Taobao', name: '闽江手机配件' },
      { platform: 'Pinduoduo', name: '浩然数码配件' },
      { platform: 'AliExpress', name: 'Minjiang Accessories' },
    ],
  },
  {
    n: 10,
    story: 'reverification',
    daysAgo: 200,
    owner: { nameZh: '梁丽华', nameLatin: 'Liang Lihua', sex: 'F', born: '1975-01-19' },
    shopName: 'Taoyun Ceramic Studio',
    legalNameZh: '佛山市禅城区陶韵陶瓷有限公司',
    legalNameEn: 'Foshan Chancheng Taoyun Ceramics Co., Ltd.',
    businessType: 'company',
    region: 'Guangdong',
    city: 'Foshan',
    district: 'Chancheng',
    divisionCode: '440604',
    addressZh: '佛山市禅城区南庄镇陶博大道66号',
    addressEn: '66 Taobo Avenue, Nanzhuang, Chancheng, Foshan 528061',
    contactEmail: 'lianglihua@taoyun-ceramics.example',
    contactPhone: '+86 757 8263 4471',
    storefronts: [
      { platform: 'AliExpress', name: 'Taoyun Ceramics' },
      { platform: 'Etsy', name: 'TaoyunCeramicStudio' },
    ],
    company: {
      typeZh: LLC,
      scopeZh: '日用陶瓷、艺术陶瓷的生产与销售；货物进出口。',
      scopeEn: 'Manufacture and sale of tableware and art ceramics; import and export.',
      capitalZh: '人民币壹仟万元',
      capitalEn: 'CNY 10,000,000',
      establishedOn: '2010-09-09',
    },
  },
  {
    n: 11,
    story: 'resubmitted',
    daysAgo: 6,
    owner: { nameZh: '吴斌', nameLatin: 'Wu Bin', sex: 'M', born: '1982-06-06' },
    shopName: 'Clear Optics Wenzhou',
    legalNameZh: '温州明视眼镜有限公司',
    legalNameEn: 'Wenzhou Mingshi Optical Co., Ltd.',
    businessType: 'company',
    region: 'Zhejiang',
    city: 'Wenzhou',
    district: 'Lucheng',
    divisionCode: '330302',
    addressZh: '温州市鹿城区学院中路201号',
    addressEn: '201 Xueyuan Middle Road, Lucheng, Wenzhou 325000',
    contactEmail: 'wubin@clearoptics.example',
    contactPhone: '+86 577 8801 6652',
    storefronts: [
      { platform: 'Alibaba.com', name: 'Wenzhou Mingshi Optical' },
      { platform: 'AliExpress', name: 'Clear Optics Store' },
    ],
    company: {
      typeZh: LLC,
      scopeZh: '眼镜、镜片及配件的生产与销售；货物进出口。',
      scopeEn: 'Manufacture and sale of eyewear, lenses and accessories; import and export.',
      capitalZh: '人民币贰佰万元',
      capitalEn: 'CNY 2,000,000',
      establishedOn: '2013-03-28',
    },
  },
  {
    n: 12,
    story: 'draft_complete',
    daysAgo: 2,
    owner: { nameZh: '黄洁', nameLatin: 'Huang Jie', sex: 'F', born: '1991-10-12' },
    shopName: 'Little Star Kidswear',
    legalNameZh: '黄洁',
    legalNameEn: 'Huang Jie',
    businessType: 'individual',
    region: 'Guangdong',
    city: 'Shantou',
    district: 'Longhu',
    divisionCode: '440507',
    addressZh: '汕头市龙湖区长平路93号',
    addressEn: '93 Changping Road, Longhu, Shantou 515041',
    contactEmail: 'huangjie@littlestar.example',
    contactPhone: '+86 135 0754 8826',
    storefronts: [
      { platform: 'Pinduoduo', name: '小星星童装' },
      { platform: 'Shopee', name: 'littlestar.kids' },
    ],
  },
];
