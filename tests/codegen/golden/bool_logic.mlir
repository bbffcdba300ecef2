// ---- kernel0: r0:ccc
func.func @kernel0(%begin: i64, %end: i64, %bufs: !llvm.ptr, %geo: !llvm.ptr) {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %cw16 = arith.constant 16 : i64
  %cw64 = arith.constant 64 : i64
  %v0 = llvm.getelementptr %geo[0] : (!llvm.ptr) -> !llvm.ptr, i64
  %len_all = llvm.load %v0 : !llvm.ptr -> i64
  %v1 = llvm.getelementptr %geo[1] : (!llvm.ptr) -> !llvm.ptr, i64
  %tile = llvm.load %v1 : !llvm.ptr -> i64
  %v2 = llvm.getelementptr %geo[2] : (!llvm.ptr) -> !llvm.ptr, i64
  %tiles = llvm.load %v2 : !llvm.ptr -> i64
  %bp0 = llvm.getelementptr %bufs[0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr0 = llvm.load %bp0 : !llvm.ptr -> !llvm.ptr
  %v3 = llvm.getelementptr %geo[3] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride0 = llvm.load %v3 : !llvm.ptr -> i64
  %bp1 = llvm.getelementptr %bufs[1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr1 = llvm.load %bp1 : !llvm.ptr -> !llvm.ptr
  %v4 = llvm.getelementptr %geo[4] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride1 = llvm.load %v4 : !llvm.ptr -> i64
  %bp2 = llvm.getelementptr %bufs[2] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr2 = llvm.load %bp2 : !llvm.ptr -> !llvm.ptr
  %v5 = llvm.getelementptr %geo[5] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride2 = llvm.load %v5 : !llvm.ptr -> i64
  %stiles1 = arith.maxsi %tiles, %c1 : i64
  %st = arith.remsi %begin, %stiles1 : i64
  %sr0 = arith.divsi %begin, %stiles1 : i64
  %ststart = arith.muli %st, %tile : i64
  %rows_end:1 = scf.for %row = %begin to %end step %c1 iter_args(%t = %st) -> (i64) : i64 {
    %nt1 = arith.addi %t, %c1 : i64
    %ncarry = arith.cmpi eq, %nt1, %tiles : i64
    %nt = arith.select %ncarry, %c0, %nt1 : i64
    %ntstart = arith.muli %nt, %tile : i64
    %tstart = arith.muli %t, %tile : i64
    %left = arith.subi %len_all, %tstart : i64
    %len = arith.minsi %left, %tile : i64
    %lrem64 = arith.remsi %len, %cw64 : i64
    %vend64 = arith.subi %len, %lrem64 : i64
    %lrem16 = arith.remsi %len, %cw16 : i64
    %vend16 = arith.subi %len, %lrem16 : i64
    %tb0 = arith.muli %tstart, %istride0 : i64
    %base0 = arith.addi %tb0, %c0 : i64
    %tb1 = arith.muli %tstart, %istride1 : i64
    %base1 = arith.addi %tb1, %c0 : i64
    %tb2 = arith.muli %tstart, %istride2 : i64
    %base2 = arith.addi %tb2, %c0 : i64
    %v6 = arith.constant 0 : i1
    scf.for %v9 = %c0 to %vend16 step %cw16 : i64 {
      %v12 = arith.addi %base0, %v9 : i64
      %v13 = llvm.getelementptr %ptr0[%v12] : (!llvm.ptr, i64) -> !llvm.ptr, i8
      %v14 = llvm.load %v13 {alignment = 1 : i64} : !llvm.ptr -> vector<16xi8>
      %v15 = arith.constant 0 : i8
      %v16 = vector.broadcast %v15 : i8 to vector<16xi8>
      %v11 = arith.cmpi ne, %v14, %v16 : vector<16xi8>
      %v18 = arith.addi %base1, %v9 : i64
      %v19 = llvm.getelementptr %ptr1[%v18] : (!llvm.ptr, i64) -> !llvm.ptr, i8
      %v20 = llvm.load %v19 {alignment = 1 : i64} : !llvm.ptr -> vector<16xi8>
      %v21 = arith.constant 0 : i8
      %v22 = vector.broadcast %v21 : i8 to vector<16xi8>
      %v17 = arith.cmpi ne, %v20, %v22 : vector<16xi8>
      %v23 = arith.andi %v11, %v17 : vector<16xi1>
      %v24 = vector.broadcast %v6 : i1 to vector<16xi1>
      %v25 = arith.cmpi eq, %v23, %v24 : vector<16xi1>
      %v26 = arith.addi %base2, %v9 : i64
      %v27 = llvm.getelementptr %ptr2[%v26] : (!llvm.ptr, i64) -> !llvm.ptr, i8
      %v28 = arith.extui %v25 : vector<16xi1> to vector<16xi8>
      llvm.store %v28, %v27 {alignment = 1 : i64} : vector<16xi8>, !llvm.ptr
    }
    %v29 = arith.cmpi sgt, %len, %vend16 : i64
    scf.if %v29 {
      %v32 = arith.subi %len, %vend16 : i64
      %v33 = arith.index_cast %v32 : i64 to index
      %v34 = vector.create_mask %v33 : vector<16xi1>
      %v36 = arith.addi %base0, %vend16 : i64
      %v37 = llvm.getelementptr %ptr0[%v36] : (!llvm.ptr, i64) -> !llvm.ptr, i8
      %v39 = llvm.mlir.zero : vector<16xi8>
      %v38 = llvm.intr.masked.load %v37, %v34, %v39 {alignment = 1 : i32} : (!llvm.ptr, vector<16xi1>, vector<16xi8>) -> vector<16xi8>
      %v40 = arith.constant 0 : i8
      %v41 = vector.broadcast %v40 : i8 to vector<16xi8>
      %v35 = arith.cmpi ne, %v38, %v41 : vector<16xi8>
      %v43 = arith.addi %base1, %vend16 : i64
      %v44 = llvm.getelementptr %ptr1[%v43] : (!llvm.ptr, i64) -> !llvm.ptr, i8
      %v46 = llvm.mlir.zero : vector<16xi8>
      %v45 = llvm.intr.masked.load %v44, %v34, %v46 {alignment = 1 : i32} : (!llvm.ptr, vector<16xi1>, vector<16xi8>) -> vector<16xi8>
      %v47 = arith.constant 0 : i8
      %v48 = vector.broadcast %v47 : i8 to vector<16xi8>
      %v42 = arith.cmpi ne, %v45, %v48 : vector<16xi8>
      %v49 = arith.andi %v35, %v42 : vector<16xi1>
      %v50 = vector.broadcast %v6 : i1 to vector<16xi1>
      %v51 = arith.cmpi eq, %v49, %v50 : vector<16xi1>
      %v52 = arith.addi %base2, %vend16 : i64
      %v53 = llvm.getelementptr %ptr2[%v52] : (!llvm.ptr, i64) -> !llvm.ptr, i8
      %v54 = arith.extui %v51 : vector<16xi1> to vector<16xi8>
      llvm.intr.masked.store %v54, %v53, %v34 {alignment = 1 : i32} : vector<16xi8>, vector<16xi1> into !llvm.ptr
    }
    scf.yield %nt : i64
  }
  return
}
