// ---- kernel0: r2:cbc
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
  %v3 = llvm.getelementptr %geo[3] : (!llvm.ptr) -> !llvm.ptr, i64
  %size0 = llvm.load %v3 : !llvm.ptr -> i64
  %v4 = llvm.getelementptr %geo[4] : (!llvm.ptr) -> !llvm.ptr, i64
  %size1 = llvm.load %v4 : !llvm.ptr -> i64
  %bp0 = llvm.getelementptr %bufs[0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr0 = llvm.load %bp0 : !llvm.ptr -> !llvm.ptr
  %v5 = llvm.getelementptr %geo[5] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride0 = llvm.load %v5 : !llvm.ptr -> i64
  %v6 = llvm.getelementptr %geo[6] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride0_0 = llvm.load %v6 : !llvm.ptr -> i64
  %v7 = llvm.getelementptr %geo[7] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride0_1 = llvm.load %v7 : !llvm.ptr -> i64
  %bp1 = llvm.getelementptr %bufs[1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr1 = llvm.load %bp1 : !llvm.ptr -> !llvm.ptr
  %v8 = llvm.getelementptr %geo[8] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride1 = llvm.load %v8 : !llvm.ptr -> i64
  %v9 = llvm.getelementptr %geo[9] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride1_0 = llvm.load %v9 : !llvm.ptr -> i64
  %v10 = llvm.getelementptr %geo[10] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride1_1 = llvm.load %v10 : !llvm.ptr -> i64
  %bp2 = llvm.getelementptr %bufs[2] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr2 = llvm.load %bp2 : !llvm.ptr -> !llvm.ptr
  %v11 = llvm.getelementptr %geo[11] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride2 = llvm.load %v11 : !llvm.ptr -> i64
  %v12 = llvm.getelementptr %geo[12] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride2_0 = llvm.load %v12 : !llvm.ptr -> i64
  %v13 = llvm.getelementptr %geo[13] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride2_1 = llvm.load %v13 : !llvm.ptr -> i64
  %stiles1 = arith.maxsi %tiles, %c1 : i64
  %st = arith.remsi %begin, %stiles1 : i64
  %sr2 = arith.divsi %begin, %stiles1 : i64
  %ssize1_1 = arith.maxsi %size1, %c1 : i64
  %si1 = arith.remsi %sr2, %ssize1_1 : i64
  %sr1 = arith.divsi %sr2, %ssize1_1 : i64
  %ssize1_0 = arith.maxsi %size0, %c1 : i64
  %si0 = arith.remsi %sr1, %ssize1_0 : i64
  %sr0 = arith.divsi %sr1, %ssize1_0 : i64
  %ststart = arith.muli %st, %tile : i64
  %rows_end:3 = scf.for %row = %begin to %end step %c1 iter_args(%t = %st, %i0 = %si0, %i1 = %si1) -> (i64, i64, i64) : i64 {
    %nt1 = arith.addi %t, %c1 : i64
    %ncarry = arith.cmpi eq, %nt1, %tiles : i64
    %nt = arith.select %ncarry, %c0, %nt1 : i64
    %ni1_up = arith.addi %i1, %c1 : i64
    %ni1_c = arith.select %ncarry, %ni1_up, %i1 : i64
    %ni1_wrap = arith.cmpi eq, %ni1_c, %size1 : i64
    %ni1 = arith.select %ni1_wrap, %c0, %ni1_c : i64
    %ni0_up = arith.addi %i0, %c1 : i64
    %ni0_c = arith.select %ni1_wrap, %ni0_up, %i0 : i64
    %ni0_wrap = arith.cmpi eq, %ni0_c, %size0 : i64
    %ni0 = arith.select %ni0_wrap, %c0, %ni0_c : i64
    %ntstart = arith.muli %nt, %tile : i64
    %tstart = arith.muli %t, %tile : i64
    %left = arith.subi %len_all, %tstart : i64
    %len = arith.minsi %left, %tile : i64
    %lrem64 = arith.remsi %len, %cw64 : i64
    %vend64 = arith.subi %len, %lrem64 : i64
    %lrem16 = arith.remsi %len, %cw16 : i64
    %vend16 = arith.subi %len, %lrem16 : i64
    %tb0 = arith.muli %tstart, %istride0 : i64
    %ob0_0 = arith.muli %i0, %ostride0_0 : i64
    %base0_0 = arith.addi %tb0, %ob0_0 : i64
    %ob0_1 = arith.muli %i1, %ostride0_1 : i64
    %base0_1 = arith.addi %base0_0, %ob0_1 : i64
    %base0 = arith.addi %base0_1, %c0 : i64
    %tb1 = arith.muli %tstart, %istride1 : i64
    %ob1_0 = arith.muli %i0, %ostride1_0 : i64
    %base1_0 = arith.addi %tb1, %ob1_0 : i64
    %ob1_1 = arith.muli %i1, %ostride1_1 : i64
    %base1_1 = arith.addi %base1_0, %ob1_1 : i64
    %base1 = arith.addi %base1_1, %c0 : i64
    %tb2 = arith.muli %tstart, %istride2 : i64
    %ob2_0 = arith.muli %i0, %ostride2_0 : i64
    %base2_0 = arith.addi %tb2, %ob2_0 : i64
    %ob2_1 = arith.muli %i1, %ostride2_1 : i64
    %base2_1 = arith.addi %base2_0, %ob2_1 : i64
    %base2 = arith.addi %base2_1, %c0 : i64
    %v15 = llvm.getelementptr %ptr1[%base1] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %v16 = llvm.load %v15 {alignment = 4 : i64} : !llvm.ptr -> f32
    scf.for %v19 = %c0 to %vend16 step %cw16 : i64 {
      %v22 = arith.addi %base0, %v19 : i64
      %v23 = llvm.getelementptr %ptr0[%v22] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v24 = llvm.load %v23 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v25 = vector.broadcast %v16 : f32 to vector<16xf32>
      %v26 = arith.addf %v24, %v25 fastmath<contract> : vector<16xf32>
      %v27 = math.tanh %v26 : vector<16xf32>
      %v28 = arith.addi %base2, %v19 : i64
      %v29 = llvm.getelementptr %ptr2[%v28] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v27, %v29 {alignment = 4 : i64} : vector<16xf32>, !llvm.ptr
    }
    %v30 = arith.cmpi sgt, %len, %vend16 : i64
    scf.if %v30 {
      %v33 = arith.subi %len, %vend16 : i64
      %v34 = arith.index_cast %v33 : i64 to index
      %v35 = vector.create_mask %v34 : vector<16xi1>
      %v37 = arith.addi %base0, %vend16 : i64
      %v38 = llvm.getelementptr %ptr0[%v37] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v40 = llvm.mlir.zero : vector<16xf32>
      %v39 = llvm.intr.masked.load %v38, %v35, %v40 {alignment = 4 : i32} : (!llvm.ptr, vector<16xi1>, vector<16xf32>) -> vector<16xf32>
      %v41 = vector.broadcast %v16 : f32 to vector<16xf32>
      %v42 = arith.addf %v39, %v41 fastmath<contract> : vector<16xf32>
      %v43 = math.tanh %v42 : vector<16xf32>
      %v44 = arith.addi %base2, %vend16 : i64
      %v45 = llvm.getelementptr %ptr2[%v44] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.intr.masked.store %v43, %v45, %v35 {alignment = 4 : i32} : vector<16xf32>, vector<16xi1> into !llvm.ptr
    }
    scf.yield %nt, %ni0, %ni1 : i64, i64, i64
  }
  return
}
